// What Increase- and DecreaseStreamRetentionPeriod share: they differ only in the direction they allow.
import { defineOperation } from './operation';
import { forgetStream } from './stream-cache';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub, type StreamAddress } from './streams';

interface Input extends StreamAddress {
  RetentionPeriodHours: number;
}

/** Changes how long records stay readable; the shards' trim alarms follow. */
export const changeRetention = (direction: 'increase' | 'decrease') =>
  defineOperation<Input>({
    async run(ctx, input) {
      const stream = await loadStream(ctx, streamNameOf(ctx, input));
      forgetStream(ctx, stream.name);
      unwrap(await streamStub(ctx, stream.name).changeRetention(direction, input.RetentionPeriodHours));
      return undefined;
    },
  });
