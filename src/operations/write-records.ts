// Writing records to the open shards their hash keys fall in, by the (possibly cached) shard map, one object call per
// shard with request order kept within each shard. A shard closed by a reshard since the map was read refuses its
// records as "closed": the map is re-read from the stream object and those records routed again, so writes reach the
// children at once even through a stale cache (docs/aws-behaviour.md §3.12).
import { KinesisError } from '../protocol/errors';
import { logInternalFailure } from '../protocol/failure-log';
import { formatShardId } from '../model/shard-id';
import { writeThrottledMessage } from '../model/throttle';
import { MAX_REROUTES } from '../limits';
import type { PutEntry } from '../model/shard';
import type { ShardInfo } from '../model/stream';
import type { Context } from './operation';
import { routerOf, shardRefOf, shardStub } from './records';
import { loadStream, type LoadedStream } from './streams';
import { forgetStream } from './stream-cache';
import { checkStoredBytes } from './stored-bytes';

export interface Routed {
  hashKey: bigint;
  entry: PutEntry;
}

/** Where a record went, or why it was not written (a refusal by its shard, or a failure of the call). */
export type Written = { shardId: string; sequenceNumber: string } | { error: KinesisError };

export async function writeRecords(ctx: Context, stream: LoadedStream, records: readonly Routed[]): Promise<Written[]> {
  await checkStoredBytes(ctx);
  const results: Written[] = new Array(records.length);
  let pending = records.map((_, i) => i);
  let map = stream;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > MAX_REROUTES) {
      // The map changed under us more often than any sane resharding pace: give up on these, as on a failed call.
      for (const i of pending) results[i] = { error: new KinesisError('InternalFailure') };
      break;
    }
    if (attempt > 0) {
      forgetStream(ctx, stream.name);
      map = await loadStream(ctx, stream.name);
    }
    const router = routerOf(map);
    const groups = new Map<number, { shard: ShardInfo; positions: number[] }>();
    for (const i of pending) {
      const shard = router.shardFor(records[i].hashKey);
      let group = groups.get(shard.index);
      if (!group) groups.set(shard.index, (group = { shard, positions: [] }));
      group.positions.push(i);
    }
    const closed: number[] = [];
    const current = map;
    await Promise.all(
      [...groups.values()].map(async ({ shard, positions }) => {
        const shardId = formatShardId(shard.index);
        try {
          // Encrypted as the caller's view of the stream says, so each record reads back as its put was answered.
          // Differs from AWS: encryption applies from the StartStreamEncryption answer on, not once ACTIVE (aws-behaviour §3.20).
          const throttle = ctx.config.throttle === 'aws';
          const result = await shardStub(ctx, current, shard.index).put(shardRefOf(current, shard), positions.map((i) => records[i].entry), stream.encryptionType === 'KMS', throttle);
          if (result.ok) {
            // Over the shard's write rate (THROTTLE=aws): not stored, answered as AWS words it [DOC PutRecords].
            const refused = new Set(result.throttled ?? []);
            const error = refused.size > 0 ? new KinesisError('ProvisionedThroughputExceededException', writeThrottledMessage(shard.index, stream.name, stream.account)) : undefined;
            let stored = 0;
            positions.forEach((i, j) => (results[i] = refused.has(j) ? { error: error! } : { shardId, sequenceNumber: result.value[stored++] }));
          } else if ('closed' in result) closed.push(...positions);
          else {
            // A refusal (the stream is being deleted): the cached view is stale.
            forgetStream(ctx, stream.name);
            const error = KinesisError.from(result.error);
            for (const i of positions) results[i] = { error };
          }
        } catch (err) {
          // Other shards' records may be stored already: fail only this shard's, so a retry cannot duplicate the rest.
          logInternalFailure(ctx.requestId, `put (${shardId})`, err);
          for (const i of positions) results[i] = { error: new KinesisError('InternalFailure') };
        }
      }),
    );
    pending = closed.sort((a, b) => a - b);
  }
  return results;
}
