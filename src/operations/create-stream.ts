// CreateStream: registers a stream in the account (limits, uniqueness), CREATING until the configured delay passes.
import { operation } from './operation';
import { forgetStream } from './stream-cache';
import { KinesisError } from '../protocol/errors';
import { tagCharactersError, tooManyTagsError } from '../model/stream-rules';
import { accountObjectName } from '../objects/names';
import { DEFAULT_MAX_RECORD_SIZE_KIB, DEFAULT_RETENTION_HOURS, ON_DEMAND_INITIAL_SHARDS } from '../limits';
import { unwrap } from '../protocol/errors';

export const CreateStream = operation('CreateStream', async function CreateStream(ctx, input) {
  // With neither ShardCount nor a mode AWS made a 4-shard stream (recorded 2022-08, aws-behaviour §3.1); we take it to be
  // on-demand, which also starts at 4 shards. Whether AWS marks it ON_DEMAND is not known.
  const mode = input.StreamModeDetails?.StreamMode ?? (input.ShardCount === undefined ? 'ON_DEMAND' : 'PROVISIONED');
  const shardCount = mode === 'ON_DEMAND' || input.ShardCount === undefined ? ON_DEMAND_INITIAL_SHARDS : input.ShardCount;
  const tags = input.Tags ?? {};
  const tagError =
    tagCharactersError('add', input.StreamName, ctx.tenant.account, Object.entries(tags).flat()) ??
    tooManyTagsError(input.StreamName, ctx.tenant.account, Object.keys(tags).length);
  if (tagError) throw KinesisError.from(tagError);
  const params = {
    tenant: ctx.tenant,
    name: input.StreamName,
    createdAt: ctx.now,
    activeAt: ctx.now + ctx.config.createStreamMs,
    mode,
    retentionHours: DEFAULT_RETENTION_HOURS,
    maxRecordKib: input.MaxRecordSizeInKiB ?? DEFAULT_MAX_RECORD_SIZE_KIB,
    // Only the count crosses RPC: the account object checks it against the shard limit before anything is built.
    shardCount,
    tags,
  } as const;
  forgetStream(ctx, input.StreamName);
  unwrap(await ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant)).createStream(params, ctx.config.shardLimit, ctx.config.streamLimit));
  return undefined;
});
