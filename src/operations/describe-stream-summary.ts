// DescribeStreamSummary: the stream without its shard list, with OpenShardCount and ConsumerCount.
import { defineOperation } from './operation';
import { arnOf, creationTime, enhancedMonitoring } from './views';
import { streamNameOf, type StreamAddress } from './streams';
import { cachedStream } from './stream-cache';

export default defineOperation<StreamAddress>({
  async run(ctx, input) {
    const stream = await cachedStream(ctx, streamNameOf(ctx, input));
    return {
      StreamDescriptionSummary: {
        StreamName: stream.name,
        StreamARN: arnOf(stream),
        StreamStatus: stream.status,
        StreamModeDetails: { StreamMode: stream.mode },
        RetentionPeriodHours: stream.retentionHours,
        StreamCreationTimestamp: creationTime(stream),
        EnhancedMonitoring: enhancedMonitoring(),
        EncryptionType: stream.encryptionType,
        ...(stream.keyId !== null ? { KeyId: stream.keyId } : {}),
        OpenShardCount: stream.status === 'CREATING' ? 0 : stream.shards.filter((s) => s.closedAt === null).length,
        ConsumerCount: 0,
        MaxRecordSizeInKiB: stream.maxRecordKib,
      },
    };
  },
});
