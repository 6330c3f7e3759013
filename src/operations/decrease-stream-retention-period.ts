// DecreaseStreamRetentionPeriod: changes how long records stay readable; the shards' trim alarms follow.
import { defineOperation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub, type StreamAddress } from './streams';

interface Input extends StreamAddress {
  RetentionPeriodHours: number;
}

export default defineOperation<Input>({
  async run(ctx, input) {
    const stream = await loadStream(ctx, streamNameOf(ctx, input));
    unwrap(await streamStub(ctx, stream.name).changeRetention('decrease', input.RetentionPeriodHours));
    return undefined;
  },
});
