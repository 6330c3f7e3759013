// DescribeStreamSummary: the stream without its shard list, with OpenShardCount and ConsumerCount.
import { operation } from './operation';
import { streamHeader } from './views';
import { streamNameOf } from './streams';
import { cachedStream } from './stream-cache';

export const DescribeStreamSummary = operation('DescribeStreamSummary', async function DescribeStreamSummary(ctx, input) {
  const stream = await cachedStream(ctx, streamNameOf(ctx, input));
  return {
    StreamDescriptionSummary: {
      ...streamHeader(stream),
      OpenShardCount: stream.status === 'CREATING' ? 0 : stream.shards.filter((s) => s.closedAt === null).length,
      ConsumerCount: 0,
      MaxRecordSizeInKiB: stream.maxRecordKib,
    },
  };
});
