// What Increase- and DecreaseStreamRetentionPeriod share: they differ only in the direction they allow.
import type { Context } from './operation';
import type { Input } from '../schema/shapes.generated';
import { forgetStream } from './stream-cache';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub } from './streams';

/** Changes how long records stay readable; the shards' trim alarms follow. */
export async function changeRetention(
  ctx: Context,
  input: Input.IncreaseStreamRetentionPeriodInput | Input.DecreaseStreamRetentionPeriodInput,
  direction: 'increase' | 'decrease',
): Promise<undefined> {
  const stream = await loadStream(ctx, streamNameOf(ctx, input));
  forgetStream(ctx, stream.name);
  unwrap(await streamStub(ctx, stream.name).changeRetention(direction, input.RetentionPeriodHours));
  return undefined;
}
