// Stream-level steps the scenarios share: create and wait for ACTIVE, fill with PutRecords batches into a ledger,
// drain a shard with GetRecords, and read a whole stream back to verify it. Each loop is bounded in time.
import { performance } from 'node:perf_hooks';
import { runLoad } from './load.mjs';
import { ShardReadCheck, putRecordsBody } from './records.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let counter = 0;
export const streamName = (prefix) => `bench-${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 6)}`;

/** CreateStream, then DescribeStreamSummary until ACTIVE; resolves the milliseconds from the call to ACTIVE. */
export async function createStreamAndWait(client, name, shards, timeoutMs = 30_000) {
  const t0 = performance.now();
  await client.call('CreateStream', { StreamName: name, ShardCount: shards });
  for (;;) {
    const { StreamDescriptionSummary: s } = await client.call('DescribeStreamSummary', { StreamName: name });
    if (s.StreamStatus === 'ACTIVE') {
      const ms = performance.now() - t0;
      if (s.OpenShardCount !== undefined && s.OpenShardCount !== shards) throw new Error(`${name} is ACTIVE with ${s.OpenShardCount} open shards, asked ${shards}`);
      return ms;
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`${name} not ACTIVE after ${timeoutMs} ms (${s.StreamStatus})`);
    await sleep(2);
  }
}

/** PutRecords batches of `batch` records of `size` bytes from `callers` callers, acknowledged into the ledger.
 *  Stops at `total` records or after maxMs. onBatch(stored) runs after each acknowledged batch.
 * @param {{ client: any, stream: string, ledger: any, total: number, size: number, batch?: number, callers?: number, maxMs: number, serverPid?: number, onBatch?: (stored: number) => void }} options */
export async function fill({ client, stream, ledger, total, size, batch = 500, callers = 4, maxMs, serverPid, onBatch }) {
  const batches = Math.ceil(total / batch);
  let stored = 0;
  let stop;
  const load = await runLoad({
    concurrency: callers,
    maxOps: batches,
    maxMs,
    serverPid,
    op: async (b) => {
      if (stop) throw new Error(stop);
      const first = b * batch;
      const count = Math.min(batch, total - b * batch);
      const res = await client.send('PutRecords', putRecordsBody(stream, first, count, size));
      if (res.FailedRecordCount) {
        const bad = res.Records.find((r) => r.ErrorCode);
        throw new Error(`PutRecords: ${res.FailedRecordCount} of ${count} failed (${bad?.ErrorCode}: ${bad?.ErrorMessage})`);
      }
      if (res.Records?.length !== count) throw new Error(`PutRecords: ${res.Records?.length} results for ${count} records`);
      for (let k = 0; k < count; k++) {
        const problem = ledger.ack(first + k, res.Records[k].ShardId, res.Records[k].SequenceNumber);
        if (problem) throw new Error(problem);
      }
      stored += count;
      stop ??= onBatch?.(stored);
    },
  });
  return { ...load, stored, stoppedBy: stop };
}

/** GetRecords on one shard from `iteratorType` until `want` records are read or maxMs passes; each response's
 *  records go through check.add. Three empty answers in a row end it early (the records are not there). */
export async function drainShard({ client, stream, shardId, check, want, maxMs, limit = 10_000, iteratorType = 'TRIM_HORIZON' }) {
  const t0 = performance.now();
  let { ShardIterator: iterator } = await client.call('GetShardIterator', { StreamName: stream, ShardId: shardId, ShardIteratorType: iteratorType });
  let calls = 0;
  let empties = 0;
  while (check.count < want && iterator && performance.now() - t0 < maxMs) {
    const res = await client.send('GetRecords', `{"ShardIterator":${JSON.stringify(iterator)},"Limit":${Math.min(limit, want - check.count)}}`);
    calls++;
    check.add(res.Records);
    iterator = res.NextShardIterator;
    empties = res.Records.length ? 0 : empties + 1;
    if (empties >= 3) break;
  }
  return { calls, elapsedMs: performance.now() - t0, complete: check.count >= want };
}

/** Reads every shard of a stream from the start and checks it holds exactly the ledger's records: count per
 *  shard, order by sequence number, bytes. Resolves { errors, read, expected, complete }. */
export async function readBack({ client, stream, ledger, size, maxMs }) {
  const deadline = performance.now() + maxMs;
  const { Shards } = await client.call('ListShards', { StreamName: stream });
  /** @type {{ count: number, first: string | undefined }} */
  const errors = { count: 0, first: undefined };
  let read = 0;
  let complete = true;
  for (const shard of Shards) {
    const check = new ShardReadCheck(ledger, Number(/** @type {RegExpExecArray} */ (/(\d+)$/.exec(shard.ShardId))[1]), size);
    const want = ledger.perShard.get(check.shard) ?? 0;
    // want + 1: keep reading past the expected count, so records that should not be there are seen too.
    await drainShard({ client, stream, shardId: shard.ShardId, check, want: want + 1, maxMs: Math.max(0, deadline - performance.now()) });
    read += check.count;
    errors.count += check.errors.count;
    errors.first ??= check.errors.first;
    if (check.count !== want) {
      if (performance.now() >= deadline) complete = false;
      else {
        errors.count++;
        errors.first ??= `shard ${check.shard}: read ${check.count} records, ${want} were acknowledged`;
      }
    }
  }
  return { errors, read, expected: ledger.count, complete };
}
