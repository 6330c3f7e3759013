// IncreaseStreamRetentionPeriod: changes how long records stay readable; the shards' trim alarms follow.
import { defineOperation } from './operation';
import { forgetStream } from './stream-cache';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub, type StreamAddress } from './streams';

interface Input extends StreamAddress {
  RetentionPeriodHours: number;
}

export default defineOperation<Input>({
  async run(ctx, input) {
    const stream = await loadStream(ctx, streamNameOf(ctx, input));
    forgetStream(ctx, stream.name);
    unwrap(await streamStub(ctx, stream.name).changeRetention('increase', input.RetentionPeriodHours));
    return undefined;
  },
});
