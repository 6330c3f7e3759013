// PutRecord ops/s and latency (p50/p99) at concurrency 1 and 32: 100-byte records, random partition keys,
// a fresh 4-shard stream per concurrency; then every acknowledged record is read back and checked.
import { runLoad, cpuPerUnit } from '../load.mjs';
import { Ledger, compareSeq, payloadB64, randomKey, shardIndex } from '../records.mjs';
import { createStreamAndWait, readBack, streamName } from '../streams.mjs';
import { percentile, sorted } from '../stats.mjs';
import { allFailed, mergeErrors, ok } from '../result.mjs';

const SIZE = 100;
export const id = 'put-record';
export const concurrencies = [1, 32];
export const metrics = concurrencies.flatMap((c) => ['ops', 'p50', 'p99', 'srvCpu', 'cliCpu'].map((m) => `put${c}.${m}`));

export async function run({ client, target, sizes }) {
  const out = {};
  for (const concurrency of concurrencies) {
    const keys = metrics.filter((k) => k.startsWith(`put${concurrency}.`));
    try {
      Object.assign(out, await phase({ client, target, concurrency, phaseSizes: sizes[`c${concurrency}`], readBackMs: sizes.readBackMs }));
    } catch (err) {
      Object.assign(out, allFailed(keys, { count: 1, first: err.message }));
    }
  }
  return out;
}

async function phase({ client, target, concurrency, phaseSizes, readBackMs }) {
  const stream = streamName(`put${concurrency}`);
  await createStreamAndWait(client, stream, 4);
  const ledger = new Ledger(phaseSizes.maxOps);
  const lastSeq = new Map(); // shard -> last sequence number acknowledged (order check at concurrency 1)
  const load = await runLoad({
    concurrency,
    maxOps: phaseSizes.maxOps,
    maxMs: phaseSizes.maxMs,
    serverPid: target.pid,
    op: async (i) => {
      const res = await client.call('PutRecord', { StreamName: stream, Data: payloadB64(i, SIZE), PartitionKey: randomKey() });
      const problem = ledger.ack(i, res.ShardId, res.SequenceNumber);
      if (problem) throw new Error(problem);
      if (concurrency === 1) {
        const shard = shardIndex(res.ShardId);
        const prev = lastSeq.get(shard);
        if (prev && compareSeq(res.SequenceNumber, prev) <= 0) throw new Error(`shard ${shard}: ${res.SequenceNumber} acknowledged after ${prev}`);
        lastSeq.set(shard, res.SequenceNumber);
      }
    },
  });
  const p = `put${concurrency}`;
  const keys = metrics.filter((k) => k.startsWith(`${p}.`));
  const errors = mergeErrors({ count: 0, first: undefined }, load.errors);
  const check = await readBack({ client, stream, ledger, size: SIZE, maxMs: readBackMs });
  mergeErrors(errors, check.errors);
  if (errors.count) return allFailed(keys, errors);
  const partial = check.complete ? undefined : `read back only ${check.read} of ${check.expected} records in ${readBackMs / 1000} s`;
  const lat = sorted(load.latencies);
  const cpu = cpuPerUnit(load.cpu, load.ops);
  return {
    [`${p}.ops`]: ok(load.ops / (load.elapsedMs / 1000), partial),
    [`${p}.p50`]: ok(percentile(lat, 50), partial),
    [`${p}.p99`]: ok(percentile(lat, 99), partial),
    [`${p}.srvCpu`]: ok(cpu.server, partial),
    [`${p}.cliCpu`]: ok(cpu.client, partial),
  };
}
