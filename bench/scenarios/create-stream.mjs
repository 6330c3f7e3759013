// CreateStream -> ACTIVE latency: create 4-shard streams one after another, polling DescribeStreamSummary
// until ACTIVE; the value is the median over the streams of this repetition.
import { createStreamAndWait, streamName } from '../streams.mjs';
import { median } from '../stats.mjs';
import { failed, ok } from '../result.mjs';

export const id = 'create-stream';
export const metrics = ['create.ms'];

export async function run({ client, sizes }) {
  const times = [];
  const errors = { count: 0, first: undefined };
  for (let i = 0; i < sizes.streams; i++) {
    try {
      times.push(await createStreamAndWait(client, streamName('create'), 4, sizes.maxMs));
    } catch (err) {
      errors.count++;
      errors.first ??= err.message;
    }
  }
  return { 'create.ms': errors.count ? failed(errors) : ok(median(times)) };
}
