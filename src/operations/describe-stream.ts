// DescribeStream: the stream with a page of its shards (Limit, default and max 100; ExclusiveStartShardId).
import { operation } from './operation';
import { DEFAULT_DESCRIBE_STREAM_LIMIT } from '../limits';
import { parseShardIdLenient } from '../model/shard-id';
import { shardView, streamHeader } from './views';
import { streamNameOf } from './streams';
import { cachedStream } from './stream-cache';

export const DescribeStream = operation('DescribeStream', async function DescribeStream(ctx, input) {
  const stream = await cachedStream(ctx, streamNameOf(ctx, input));
  // "Limit ... The default value is 100. If you specify a value greater than 100, at most 100 results are returned." [DOC]
  const limit = Math.min(input.Limit ?? DEFAULT_DESCRIBE_STREAM_LIMIT, DEFAULT_DESCRIBE_STREAM_LIMIT);
  const after = input.ExclusiveStartShardId === undefined ? -1 : (parseShardIdLenient(input.ExclusiveStartShardId) ?? -1);
  // A CREATING stream shows no shards yet [KL; aws-behaviour §3.0].
  const shards = stream.status === 'CREATING' ? [] : stream.shards.filter((s) => s.index > after);
  return {
    StreamDescription: {
      ...streamHeader(stream),
      Shards: shards.slice(0, limit).map(shardView),
      HasMoreShards: shards.length > limit,
    },
  };
});
