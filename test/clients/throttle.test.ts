// Throttling (--throttle aws) and injected faults (--fault) through real clients with retries off (SDK v3
// maxAttempts 1, boto3 total_max_attempts 1), against `npm start` servers: AWS's __type and message reach the
// client, PutRecords' partial failures come back per record, and every acknowledged record reads back exactly once,
// in order; DescribeLimits' one call per second per account refuses a second call. Wall-clock seconds are not
// controlled here: the tests send until a limit is met (bounded) and check counts per second, never sleep.
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  CreateStreamCommand,
  DescribeLimitsCommand,
  ProvisionedThroughputExceededException,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import path from 'node:path';
import { probeTool, root, run, startServer, type Server } from './server';
import { poll, text, uniqueName, waitForActive } from './sdk';

// PutRecord fails every 2nd call with the bare 500, PutRecords every 2nd record as throttled, ListStreams always.
const FAULTS = ['PutRecord:InternalFailure:0.5', 'PutRecords:ProvisionedThroughputExceededException:0.5', 'ListStreams:LimitExceededException'];

let throttled: Server;
let faulty: Server;
let missing: string | undefined;

beforeAll(async () => {
  missing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
  [throttled, faulty] = await Promise.all([
    startServer({ ignoreExternal: true, createStreamMs: 0, args: ['--in-memory', '--throttle', 'aws'] }),
    startServer({ ignoreExternal: true, createStreamMs: 0, args: ['--in-memory', ...FAULTS.flatMap((f) => ['--fault', f])] }),
  ]);
});
afterAll(async () => {
  await Promise.all([throttled?.stop(), faulty?.stop()]);
});

const client = (url: string) =>
  new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });

async function createStream(k: KinesisClient, StreamName: string) {
  await k.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
  await waitForActive(k, { StreamName });
}

/** Shard 0 from TRIM_HORIZON to its tip; a throttled GetRecords is polled again until the deadline. */
async function readAll(k: KinesisClient, StreamName: string): Promise<_Record[]> {
  let iterator = (await k.send(new GetShardIteratorCommand({ StreamName, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const records: _Record[] = [];
  for (;;) {
    const page = await poll('an unthrottled GetRecords', async () => {
      try {
        return await k.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      } catch (err) {
        if (err instanceof ProvisionedThroughputExceededException) return undefined;
        throw err;
      }
    });
    records.push(...(page.Records ?? []));
    if ((page.Records ?? []).length === 0 && page.MillisBehindLatest === 0) return records;
    iterator = page.NextShardIterator;
  }
}

const writeMessage = (name: string) => `Rate exceeded for shard shardId-000000000000 in stream ${name} under account 000000000000.`;
const readMessage = (name: string) => `Rate exceeded for Shard - 000000000000/${name}/shardId-000000000000`;

describe('SDK v3 against --throttle aws', () => {
  test('PutRecords over 1,000 records a second fails records one by one; no second stores more; every ack reads back once, in order', async () => {
    const k = client(throttled.url);
    const name = uniqueName('thr-sdk');
    await createStream(k, name);
    const acked: string[] = [];
    let failed: { ErrorCode?: string; ErrorMessage?: string } | undefined;
    let n = 0;
    for (let round = 0; round < 40 && !failed; round++) {
      const batch = Array.from({ length: 500 }, (_, i) => `r${n + i}`);
      n += 500;
      const res = await k.send(new PutRecordsCommand({ StreamName: name, Records: batch.map((d) => ({ Data: Buffer.from(d), PartitionKey: 'k' })) }));
      expect(res.Records).toHaveLength(500);
      expect(res.FailedRecordCount).toBe(res.Records!.filter((r) => r.ErrorCode).length);
      res.Records!.forEach((r, i) => (r.SequenceNumber ? acked.push(batch[i]) : (failed ??= r)));
    }
    expect(failed).toEqual({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: writeMessage(name) });

    // GetRecords: a 6th call within a second is refused; sent back to back, one is met within 60 calls.
    const it = (await k.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }))).ShardIterator;
    let refusal: unknown;
    for (let i = 0; i < 60 && !refusal; i++) await k.send(new GetRecordsCommand({ ShardIterator: it })).catch((err) => (refusal = err));
    expect(refusal).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect({ name: (refusal as Error).name, message: (refusal as Error).message, status: (refusal as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode })
      .toEqual({ name: 'ProvisionedThroughputExceededException', message: readMessage(name), status: 400 });

    const records = await readAll(k, name);
    expect(records.map((r) => text(r.Data))).toEqual(acked);
    const perSecond = new Map<number, number>();
    for (const r of records) {
      const s = Math.floor(r.ApproximateArrivalTimestamp!.getTime() / 1000);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(1000);
  });
});

describe('SDK v3 against --throttle aws: control-plane rates', () => {
  test('DescribeLimits twice in a row: the second is LimitExceededException with the account message (1 call per second)', async () => {
    const k = client(throttled.url);
    // Two calls may straddle a wall-clock second; a pair that does is sent again, a bounded number of times.
    let second: unknown;
    for (let attempt = 0; attempt < 5 && !second; attempt++) {
      await k.send(new DescribeLimitsCommand({})).catch(() => undefined);
      second = await k.send(new DescribeLimitsCommand({})).then(() => undefined, (err: unknown) => err);
    }
    expect({ name: (second as Error).name, message: (second as Error).message, status: (second as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode })
      .toEqual({ name: 'LimitExceededException', message: 'Rate exceeded for account 000000000000.', status: 400 });
  });
});

describe('SDK v3 against --fault', () => {
  test('injected errors reach the client with their __type, status and message, and nothing failed is stored', async () => {
    const k = client(faulty.url);
    const name = uniqueName('flt-sdk');
    await createStream(k, name);
    const acked: string[] = [];
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        await k.send(new PutRecordCommand({ StreamName: name, Data: Buffer.from(`p${i}`), PartitionKey: 'k' }));
        acked.push(`p${i}`);
        seen.push('ok');
      } catch (err) {
        seen.push(`${(err as Error).name} ${(err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode}`);
      }
    }
    expect(seen).toEqual(['ok', 'InternalFailure 500', 'ok', 'InternalFailure 500']);
    const batch = ['q0', 'q1', 'q2', 'q3'];
    const res = await k.send(new PutRecordsCommand({ StreamName: name, Records: batch.map((d) => ({ Data: Buffer.from(d), PartitionKey: 'k' })) }));
    expect(res.FailedRecordCount).toBe(2);
    expect(res.Records!.map((r) => r.ErrorCode ?? 'ok')).toEqual(['ok', 'ProvisionedThroughputExceededException', 'ok', 'ProvisionedThroughputExceededException']);
    expect(res.Records![1].ErrorMessage).toBe(writeMessage(name));
    res.Records!.forEach((r, i) => r.SequenceNumber && acked.push(batch[i]));
    const err = await k.send(new ListStreamsCommand({})).catch((e: Error) => e);
    expect({ name: (err as Error).name, message: (err as Error).message }).toEqual({
      name: 'LimitExceededException',
      message: 'Injected fault: ListStreams answers LimitExceededException (--fault ListStreams:LimitExceededException).',
    });
    expect((await readAll(k, name)).map((r) => text(r.Data))).toEqual(acked);
  });
});

describe('boto3', () => {
  test('sees the same errors and per-record failures, and reads back every acknowledged record once, in order', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('thr-boto3');
    const r = await run('python3', [path.join(root, 'test', 'clients', 'python', 'throttle.py'), throttled.url, faulty.url, name], { timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`throttle.py exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    expect(out.partial.failed).toEqual({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: writeMessage(name) });
    expect(out.partial.size).toBe(500);
    expect(out.partial.FailedRecordCount).toBeGreaterThan(0);
    expect(out.readThrottled).toEqual({ code: 'ProvisionedThroughputExceededException', message: readMessage(name), status: 400 });
    expect(out.readBack).toEqual(out.acked);
    expect(out.acked.length).toBeGreaterThanOrEqual(1000);

    expect(out.putRecord).toEqual(['ok', { code: 'InternalFailure', status: 500 }, 'ok', { code: 'InternalFailure', status: 500 }]);
    const throttledRecord = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: writeMessage(name) };
    expect(out.putRecords).toEqual({ FailedRecordCount: 2, Records: ['ok', throttledRecord, 'ok', throttledRecord] });
    expect(out.listStreams).toEqual({
      code: 'LimitExceededException',
      message: 'Injected fault: ListStreams answers LimitExceededException (--fault ListStreams:LimitExceededException).',
      status: 400,
    });
    expect(out.faultReadBack).toEqual(out.faultAcked);
    expect(out.faultAcked).toEqual(['p0', 'p2', 'q0', 'q2']);
  });
});
