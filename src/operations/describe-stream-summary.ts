// DescribeStreamSummary: the stream without its shard list, with OpenShardCount and ConsumerCount.
import { defineOperation } from './operation';
import { streamHeader } from './views';
import { streamNameOf, type StreamAddress } from './streams';
import { cachedStream } from './stream-cache';

export default defineOperation<StreamAddress>({
  async run(ctx, input) {
    const stream = await cachedStream(ctx, streamNameOf(ctx, input));
    return {
      StreamDescriptionSummary: {
        ...streamHeader(stream),
        OpenShardCount: stream.status === 'CREATING' ? 0 : stream.shards.filter((s) => s.closedAt === null).length,
        ConsumerCount: 0,
        MaxRecordSizeInKiB: stream.maxRecordKib,
      },
    };
  },
});
