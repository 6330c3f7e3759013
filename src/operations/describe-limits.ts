// DescribeLimits: the account's shard limit (the configured SHARD_LIMIT, or the tenant's open-shard quota) and its
// open shards, on-demand streams and their limit, counted by the account object, and the account's channels and their
// limit, counted by the channel object
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html).
import { operation } from './operation';
import { accountObjectName } from '../objects/names';
import { channelStub } from './channels';

export const DescribeLimits = operation('DescribeLimits', async function DescribeLimits(ctx) {
  const [limits, channels] = await Promise.all([
    ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant)).limits(ctx.config.shardLimit),
    channelStub(ctx).limits(ctx.now),
  ]);
  return {
    ShardLimit: limits.shardLimit,
    OpenShardCount: limits.openShards,
    OnDemandStreamCount: limits.onDemandStreams,
    OnDemandStreamCountLimit: limits.onDemandStreamLimit,
    ChannelCount: channels.channelCount,
    ChannelCountLimit: channels.channelCountLimit,
  };
});
