// DescribeStreamSummary: the stream without its shard list, with OpenShardCount and ConsumerCount.
import { operation } from './operation';
import { recordDistributionView, streamHeader, warmThroughputView } from './views';
import { streamNameOf, streamStub } from './streams';
import { cachedStream } from './stream-cache';

export const DescribeStreamSummary = operation('DescribeStreamSummary', async function DescribeStreamSummary(ctx, input) {
  const name = streamNameOf(ctx, input);
  const stream = await cachedStream(ctx, name);
  // Counted by the stream object on every call (consumers are not part of the cached view).
  const consumers = await streamStub(ctx, name).consumerCount();
  return {
    StreamDescriptionSummary: {
      ...streamHeader(stream),
      OpenShardCount: stream.status === 'CREATING' ? 0 : stream.shards.filter((s) => s.closedAt === null).length,
      ConsumerCount: consumers,
      ...warmThroughputView(stream),
      MaxRecordSizeInKiB: stream.maxRecordKib,
      ...recordDistributionView(stream),
    },
  };
});
