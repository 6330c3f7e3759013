// DescribeLimits: the account's shard limit (the configured SHARD_LIMIT, or the tenant's open-shard quota) and its
// open shards, on-demand streams and their limit, counted by the account object
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html).
import { operation } from './operation';
import { accountObjectName } from '../objects/names';

export const DescribeLimits = operation('DescribeLimits', async function DescribeLimits(ctx) {
  const limits = await ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant)).limits(ctx.config.shardLimit);
  return {
    ShardLimit: limits.shardLimit,
    OpenShardCount: limits.openShards,
    OnDemandStreamCount: limits.onDemandStreams,
    OnDemandStreamCountLimit: limits.onDemandStreamLimit,
  };
});
