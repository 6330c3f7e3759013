// UpdateStreamRecordDistributionStrategy: AUTO (the service spreads records evenly, ignoring partition and explicit
// hash keys) or USER_PARTITION_KEY (the default); AUTO on on-demand streams only; takes effect at once
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html).
import { operation } from './operation';
import { streamNameOf } from './streams';
import { changeStream } from './stream-settings';

export const UpdateStreamRecordDistributionStrategy = operation(
  'UpdateStreamRecordDistributionStrategy',
  async function UpdateStreamRecordDistributionStrategy(ctx, input) {
    const name = streamNameOf(ctx, { StreamARN: input.StreamARN });
    await changeStream(ctx, name, (stub) => stub.setRecordDistribution(input.RecordDistributionStrategy));
    return undefined;
  },
);
