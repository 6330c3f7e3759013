// SplitShard: the parent closes, two children take [start, key - 1] and [key, end]
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html).
import { operation } from './operation';
import { streamNameOf } from './streams';
import { reshard, shardIndexOf } from './reshard';

export const SplitShard = operation('SplitShard', async function SplitShard(ctx, input) {
  const name = streamNameOf(ctx, input);
  const shardIndex = shardIndexOf(ctx, name, input.ShardToSplit);
  await reshard(ctx, name, { type: 'split', shardIndex, newStartingHashKey: input.NewStartingHashKey });
  return undefined;
});
