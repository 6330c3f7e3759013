// DescribeStreamSummary: the stream without its shard list, with OpenShardCount, ConsumerCount and ChannelCount.
import { operation } from './operation';
import { arnOf, recordDistributionView, streamHeader, warmThroughputView } from './views';
import { channelStub } from './channels';
import { streamNameOf, streamStub } from './streams';
import { cachedStream } from './stream-cache';

export const DescribeStreamSummary = operation('DescribeStreamSummary', async function DescribeStreamSummary(ctx, input) {
  const name = streamNameOf(ctx, input);
  const stream = await cachedStream(ctx, name);
  // Counted by the stream object on every call (consumers are not part of the cached view).
  // Channels live in the account's channel object: the ones reading this generation of the stream.
  const [consumers, channels] = await Promise.all([
    streamStub(ctx, name).consumerCount(),
    channelStub(ctx).countFor(arnOf(stream), stream.createdAt, ctx.now),
  ]);
  return {
    StreamDescriptionSummary: {
      ...streamHeader(stream),
      OpenShardCount: stream.status === 'CREATING' ? 0 : stream.shards.filter((s) => s.closedAt === null).length,
      ConsumerCount: consumers,
      ...warmThroughputView(stream),
      MaxRecordSizeInKiB: stream.maxRecordKib,
      ...recordDistributionView(stream),
      ChannelCount: channels.all,
    },
  };
});
