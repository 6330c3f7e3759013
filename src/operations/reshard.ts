// What SplitShard, MergeShards and UpdateShardCount share: reading a shard id as AWS checks it first (even before
// the stream is looked up, aws-behaviour §3.12), and handing the request to the stream object, which checks and
// applies it in one step. Must not hold any rule of its own: those are in model/reshard*.ts.
import { KinesisError, unwrap } from '../protocol/errors';
import { parseShardIdLenient } from '../model/shard-id';
import { shardNotInStream } from '../model/reshard-rules';
import type { ReshardOutcome, ReshardRequest } from '../model/stream';
import type { Context } from './operation';
import { streamStub } from './streams';
import { forgetStream } from './stream-cache';

type Request = ReshardRequest extends infer R ? (R extends unknown ? Omit<R, 'name' | 'account'> : never) : never;

export function shardIndexOf(ctx: Context, streamName: string, shardId: string): number {
  const index = parseShardIdLenient(shardId);
  if (index === null) throw KinesisError.from(shardNotInStream(streamName, ctx.tenant.account, shardId));
  return index;
}

export async function reshard(ctx: Context, name: string, req: Request): Promise<ReshardOutcome> {
  const outcome = unwrap(await streamStub(ctx, name).reshard({ ...req, name, account: ctx.tenant.account } as ReshardRequest, ctx.config.shardLimit, ctx.config.updateStreamMs));
  // This isolate routes by the new map from its next request; others find parents closed and re-read it.
  forgetStream(ctx, name);
  return { openBefore: outcome.openBefore, openAfter: outcome.openAfter };
}
