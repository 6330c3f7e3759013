// MergeShards: two adjacent open shards close, one child covers both
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html).
import { operation } from './operation';
import { streamNameOf } from './streams';
import { reshard, shardIndexOf } from './reshard';

export const MergeShards = operation('MergeShards', async function MergeShards(ctx, input) {
  const name = streamNameOf(ctx, input);
  const shardIndex = shardIndexOf(ctx, name, input.ShardToMerge);
  const adjacentIndex = shardIndexOf(ctx, name, input.AdjacentShardToMerge);
  await reshard(ctx, name, { type: 'merge', shardIndex, adjacentIndex });
  return undefined;
});
