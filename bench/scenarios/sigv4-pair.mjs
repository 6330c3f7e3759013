// What `--auth verify` costs, measured in pairs: ours in memory with `--auth open` and with `--auth verify` run side
// by side, and blocks of the same load alternate between them (open then verify, then verify then open, ...), each
// block metered on its own server's process tree only. Why pairs: the rest of the bench runs one server at a time,
// and sessions minutes apart on this 2-core machine drift by 10-20% (the stop-7 full run showed +16.8% for verify
// where a paired run showed +2%); alternating short blocks puts both servers under the same conditions.
// Each block writes a fresh 4-shard stream, reads every acknowledged record back and checks it (unmetered), then
// deletes the stream, so the servers hold the same data whatever the order.
import { cpuPerUnit, runLoad } from '../load.mjs';
import { Ledger, payloadB64, randomKey } from '../records.mjs';
import { createStreamAndWait, fill, readBack, streamName } from '../streams.mjs';
import { allFailed, mergeErrors, ok } from '../result.mjs';

const RECORD_SIZE = 100; // PutRecord, as in put-record.mjs
const BATCH_SIZE = 1024; // PutRecords 500 x 1 KiB from 4 callers, as in put-records.mjs

export const id = 'sigv4-pair';
/** Per kind: server CPU per unit with open and verify, the change in % (per round), and both rates. */
export const metrics = ['put1', 'putRecords'].flatMap((k) => ['open', 'verify', 'change', 'openRate', 'verifyRate'].map((m) => `auth.${k}.${m}`));

/** One PutRecord block at concurrency 1: { units, cpu, elapsedMs } or throws what failed. */
async function putRecordBlock({ client, target }, sizes) {
  const stream = streamName('auth1');
  await createStreamAndWait(client, stream, 4);
  const ledger = new Ledger(sizes.put1.maxOps);
  const load = await runLoad({
    concurrency: 1,
    maxOps: sizes.put1.maxOps,
    maxMs: sizes.put1.maxMs,
    serverPid: target.pid,
    op: async (i) => {
      const res = await client.call('PutRecord', { StreamName: stream, Data: payloadB64(i, RECORD_SIZE), PartitionKey: randomKey() });
      const problem = ledger.ack(i, res.ShardId, res.SequenceNumber);
      if (problem) throw new Error(problem);
    },
  });
  await check({ client, stream, ledger, size: RECORD_SIZE, errors: load.errors, readBackMs: sizes.readBackMs });
  return { units: load.ops, cpu: load.cpu, elapsedMs: load.elapsedMs };
}

/** One PutRecords block: `calls` calls of 500 x 1 KiB from 4 callers. */
async function putRecordsBlock({ client, target }, sizes) {
  const stream = streamName('authN');
  await createStreamAndWait(client, stream, 4);
  const total = sizes.putRecords.calls * 500;
  const ledger = new Ledger(total);
  const load = await fill({ client, stream, ledger, total, size: BATCH_SIZE, callers: 4, maxMs: sizes.putRecords.maxMs, serverPid: target.pid });
  await check({ client, stream, ledger, size: BATCH_SIZE, errors: load.errors, readBackMs: sizes.readBackMs });
  return { units: load.stored, cpu: load.cpu, elapsedMs: load.elapsedMs };
}

/** Every acknowledged record read back exactly (throws the first problem), then the stream deleted. */
async function check({ client, stream, ledger, size, errors, readBackMs }) {
  const all = mergeErrors({ count: 0, first: undefined }, errors);
  const back = await readBack({ client, stream, ledger, size, maxMs: readBackMs });
  mergeErrors(all, back.errors);
  if (!back.complete) throw new Error(`read back only ${back.read} of ${back.expected} records in ${readBackMs / 1000} s`);
  if (all.count) throw new Error(all.first);
  await client.call('DeleteStream', { StreamName: stream });
}

/**
 * open, verify: { client, target } of the two servers, both up and warmed. sizes: { rounds, put1: { maxOps, maxMs },
 * putRecords: { calls, maxMs }, readBackMs }. Resolves { [metric]: result[] }, one result per round.
 */
export async function run({ open, verify, sizes, log }) {
  /** @type {Record<string, object[]>} */
  const out = Object.fromEntries(metrics.map((m) => [m, []]));
  const kinds = [
    { kind: 'put1', block: putRecordBlock },
    { kind: 'putRecords', block: putRecordsBlock },
  ];
  for (let round = 0; round < sizes.rounds; round++) {
    for (const { kind, block } of kinds) {
      const keys = metrics.filter((m) => m.startsWith(`auth.${kind}.`));
      try {
        // Alternate which server goes first, so neither always follows the other's load.
        const order = round % 2 === 0 ? [open, verify] : [verify, open];
        const [first, second] = [await block(order[0], sizes), await block(order[1], sizes)];
        const [o, v] = round % 2 === 0 ? [first, second] : [second, first];
        const cpuO = cpuPerUnit(o.cpu, o.units).server;
        const cpuV = cpuPerUnit(v.cpu, v.units).server;
        const results = {
          [`auth.${kind}.open`]: ok(cpuO),
          [`auth.${kind}.verify`]: ok(cpuV),
          [`auth.${kind}.change`]: ok((cpuV / cpuO - 1) * 100),
          [`auth.${kind}.openRate`]: ok(o.units / (o.elapsedMs / 1000)),
          [`auth.${kind}.verifyRate`]: ok(v.units / (v.elapsedMs / 1000)),
        };
        for (const k of keys) out[k].push(results[k]);
        log?.(`[sigv4 ${round + 1}/${sizes.rounds}] ${kind}: open ${cpuO.toFixed(1)} µs, verify ${cpuV.toFixed(1)} µs per unit (${((cpuV / cpuO - 1) * 100).toFixed(1)}%)`);
      } catch (err) {
        const failed = allFailed(keys, { count: 1, first: err.message });
        for (const k of keys) out[k].push(failed[k]);
      }
    }
  }
  return out;
}
