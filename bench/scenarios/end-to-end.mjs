// End-to-end latency: one caller puts 100-byte records one at a time (a short gap between them) into a 1-shard
// stream while a poller loops GetRecords on a LATEST iterator with no pause; latency = from the start of the
// PutRecord call to the GetRecords answer that carried the record. Checks every record is seen once, in order, intact.
import { performance } from 'node:perf_hooks';
import { payloadB64, payloadIndex, randomKey } from '../records.mjs';
import { createStreamAndWait, streamName } from '../streams.mjs';
import { percentile, sorted } from '../stats.mjs';
import { allFailed, ok } from '../result.mjs';

const SIZE = 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const id = 'end-to-end';
export const metrics = ['e2e.p50', 'e2e.p99'];

export async function run({ client, sizes }) {
  const stream = streamName('e2e');
  await createStreamAndWait(client, stream, 1);
  const { Shards } = await client.call('ListShards', { StreamName: stream });
  let { ShardIterator: iterator } = await client.call('GetShardIterator', { StreamName: stream, ShardId: Shards[0].ShardId, ShardIteratorType: 'LATEST' });

  const n = sizes.records;
  const sentAt = new Float64Array(n);
  const seenAt = new Float64Array(n);
  const errors = { count: 0, first: undefined };
  const fail = (message) => {
    errors.count++;
    errors.first ??= message;
  };
  const deadline = performance.now() + sizes.maxMs;
  let put = 0;
  let seen = 0;
  let last = -1;
  let putting = true;

  const poller = (async () => {
    while ((putting || seen < put) && performance.now() < deadline && errors.count < 10) {
      let res;
      try {
        res = await client.send('GetRecords', `{"ShardIterator":${JSON.stringify(iterator)},"Limit":10000}`);
      } catch (err) {
        fail(`GetRecords: ${err.message}`);
        continue;
      }
      const t = performance.now();
      for (const r of res.Records) {
        const i = payloadIndex(r.Data, SIZE);
        if (i < 0 || i >= n) fail(`record ${r.SequenceNumber} has bytes the benchmark did not write`);
        else if (seenAt[i]) fail(`record ${i} seen twice`);
        else {
          if (i <= last) fail(`record ${i} seen after record ${last} (out of order)`);
          last = i;
          seenAt[i] = t;
          seen++;
        }
      }
      iterator = res.NextShardIterator;
    }
  })();

  for (let i = 0; i < n && performance.now() < deadline && errors.count < 10; i++) {
    sentAt[i] = performance.now();
    try {
      await client.call('PutRecord', { StreamName: stream, Data: payloadB64(i, SIZE), PartitionKey: randomKey() });
      put++;
    } catch (err) {
      fail(`PutRecord: ${err.message}`);
      break;
    }
    await sleep(sizes.gapMs);
  }
  putting = false;
  await poller;

  if (seen < put) fail(`${put - seen} of ${put} records put were not seen by the poller within ${sizes.maxMs / 1000} s`);
  if (errors.count) return allFailed(metrics, errors);
  const lat = sorted(Array.from({ length: put }, (_, i) => seenAt[i] - sentAt[i]));
  const partial = put < n ? `only ${put} of ${n} records in ${sizes.maxMs / 1000} s` : undefined;
  return { 'e2e.p50': ok(percentile(lat, 50), partial), 'e2e.p99': ok(percentile(lat, 99), partial) };
}
