// UpdateShardCount 1 -> 8 -> 1 (UNIFORM_SCALING), time to ACTIVE. AWS lets one call at most double or halve the
// open shard count (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html), so the
// way up is 1 -> 2 -> 4 -> 8 and the way down 8 -> 4 -> 2 -> 1, each step waiting for ACTIVE (DescribeStreamSummary
// polled every 2 ms) before the next call. Reports the wall time of each direction, first call to ACTIVE after its
// last step, and of each step. Verifies after each direction (outside the timing): ACTIVE with the wanted
// OpenShardCount, open shards (ListShards) that are exactly that many and cover the hash key space without gap or
// overlap, and a PutRecord that lands on one of them. A target that answers UnknownOperationException does not
// support the operation (kinesalite).
import { performance } from 'node:perf_hooks';
import { CallError } from '../client.mjs';
import { payloadB64, randomKey } from '../records.mjs';
import { createStreamAndWait, streamName } from '../streams.mjs';
import { allFailed, allUnsupported, ok } from '../result.mjs';

const UP = [2, 4, 8];
const DOWN = [4, 2, 1];
const MAX_HASH = (1n << 128n) - 1n;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const stepKey = (from, to) => `reshard.${from}to${to}`;
export const id = 'reshard';
export const metrics = [
  'reshard.upMs', ...UP.map((to, i) => stepKey(i ? UP[i - 1] : 1, to)),
  'reshard.downMs', ...DOWN.map((to, i) => stepKey(i ? DOWN[i - 1] : 8, to)),
];

/** UpdateShardCount to `to`, then DescribeStreamSummary until ACTIVE with `to` open shards; resolves the ms. */
async function step(client, stream, to, timeoutMs) {
  const t0 = performance.now();
  await client.call('UpdateShardCount', { StreamName: stream, TargetShardCount: to, ScalingType: 'UNIFORM_SCALING' });
  for (;;) {
    const { StreamDescriptionSummary: s } = await client.call('DescribeStreamSummary', { StreamName: stream });
    // OpenShardCount too: a target that turned UPDATING only after answering must not pass on a stale ACTIVE.
    if (s.StreamStatus === 'ACTIVE' && (s.OpenShardCount === undefined || s.OpenShardCount === to)) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`UpdateShardCount to ${to}: not ACTIVE after ${timeoutMs} ms (${s.StreamStatus}, ${s.OpenShardCount} open shards)`);
    await sleep(2);
  }
}

/** The open shards of a stream (every ListShards page): exactly `want` of them, covering 0 .. 2^128-1 once. */
async function checkOpenShards(client, stream, want) {
  const shards = [];
  let page = await client.call('ListShards', { StreamName: stream });
  shards.push(...page.Shards);
  while (page.NextToken) {
    page = await client.call('ListShards', { NextToken: page.NextToken });
    shards.push(...page.Shards);
  }
  // An open shard has no EndingSequenceNumber (kinesis-mock writes it as null).
  const open = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber == null);
  if (open.length !== want) throw new Error(`${open.length} open shards after scaling to ${want} (${shards.length} in all)`);
  const ranges = open.map((s) => [BigInt(s.HashKeyRange.StartingHashKey), BigInt(s.HashKeyRange.EndingHashKey)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let next = 0n;
  for (const [start, end] of ranges) {
    if (start !== next) throw new Error(`open shards after scaling to ${want}: hash key ${next} ${start > next ? 'not covered' : 'covered twice'}`);
    next = end + 1n;
  }
  if (next !== MAX_HASH + 1n) throw new Error(`open shards after scaling to ${want} end at hash key ${next - 1n}, not 2^128-1`);
  return new Set(open.map((s) => s.ShardId));
}

async function direction(client, stream, from, steps, timeoutMs) {
  const t0 = performance.now();
  const perStep = [];
  for (const to of steps) perStep.push(await step(client, stream, to, timeoutMs));
  const totalMs = performance.now() - t0;
  const want = steps[steps.length - 1];
  const open = await checkOpenShards(client, stream, want);
  const put = await client.call('PutRecord', { StreamName: stream, Data: payloadB64(0, 100), PartitionKey: randomKey() });
  if (!open.has(put.ShardId)) throw new Error(`after scaling to ${want}, PutRecord landed on ${put.ShardId}, not an open shard`);
  return { totalMs, results: Object.fromEntries(steps.map((to, i) => [stepKey(i ? steps[i - 1] : from, to), ok(perStep[i])])) };
}

export async function run({ client, sizes }) {
  const stream = streamName('reshard');
  await createStreamAndWait(client, stream, 1);
  try {
    const up = await direction(client, stream, 1, UP, sizes.stepMs);
    const down = await direction(client, stream, 8, DOWN, sizes.stepMs);
    return { 'reshard.upMs': ok(up.totalMs), ...up.results, 'reshard.downMs': ok(down.totalMs), ...down.results };
  } catch (err) {
    if (err instanceof CallError && err.type === 'UnknownOperationException') return allUnsupported(metrics, 'UpdateShardCount not supported (UnknownOperationException)');
    return allFailed(metrics, { count: 1, first: err.message });
  }
}
