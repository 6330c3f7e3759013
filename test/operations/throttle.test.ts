// THROTTLE=aws and FAULTS through the Worker: AWS's __type and message on the wire, PutRecords' per-record failures
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html), GetRecords' 6th call in a second,
// SubscribeToShard's one call per second, an unknown THROTTLE read as aws, and injected faults that store nothing.
// The app is called with this suite's env; time is the fake clock's.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app } from '../../src/app';
import { clearFaultPlan } from '../../src/operations/faults';
import type { Env } from '../../src/env';
import { JSON_11, TARGET_PREFIX, advance, b64, bindings, createActiveStream, expectError, freshStart, ok, restoreClock, shardIterator, signatureHeaders, type Reply } from '../helpers/kinesis';
import { activeConsumer } from './subscribe-to-shard-helpers';

const H0 = '0'; // the first of two shards
const H1 = '170141183460469231731687303715884105728'; // 2^127: the second of two shards

beforeEach(async () => {
  await freshStart();
  clearFaultPlan();
});
afterEach(() => restoreClock());

/** The app with `vars` over the test bindings; the body read whole unless `raw`. */
async function call(vars: Partial<Env>, operation: string, body: unknown): Promise<Reply> {
  const res = await send(vars, operation, body);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return { status: res.status, headers: res.headers, bytes, text, body: text === '' ? undefined : JSON.parse(text) };
}

async function send(vars: Partial<Env>, operation: string, body: unknown): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request('http://kinesis.test/', {
      method: 'POST',
      headers: { 'X-Amz-Target': `${TARGET_PREFIX}.${operation}`, 'Content-Type': JSON_11, ...signatureHeaders() },
      body: JSON.stringify(body),
    }),
    { ...bindings, ...vars } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

const AWS = { THROTTLE: 'aws' };
const rec = (i: number, hash?: string) => ({ PartitionKey: `k${i}`, Data: b64(`r${i}`), ...(hash ? { ExplicitHashKey: hash } : {}) });
const range = (from: number, n: number, hash?: string) => Array.from({ length: n }, (_, i) => rec(from + i, hash));
const writeMessage = (name: string, shard = 0) => `Rate exceeded for shard shardId-00000000000${shard} in stream ${name} under account 000000000000.`;

/** Every record of shard 0, read back (off mode: no read limit), as their data strings. */
async function readAll(name: string, shard = 'shardId-000000000000'): Promise<string[]> {
  const out: string[] = [];
  let it = await shardIterator(name, shard);
  for (let i = 0; i < 50; i++) {
    const page = ok(await call({}, 'GetRecords', { ShardIterator: it, Limit: 10_000 }));
    out.push(...page.Records.map((r: { Data: string }) => Buffer.from(r.Data, 'base64').toString()));
    if (page.Records.length === 0) return out;
    it = page.NextShardIterator;
  }
  throw new Error('never reached the tip');
}

describe('THROTTLE=aws: writes', () => {
  it('PutRecord: 1,000 records in a second pass, the 1,001st answers ProvisionedThroughputExceededException', async () => {
    await createActiveStream('thr-put', 1);
    for (const from of [0, 500]) expect(ok(await call(AWS, 'PutRecords', { StreamName: 'thr-put', Records: range(from, 500) })).FailedRecordCount).toBe(0);
    expectError(await call(AWS, 'PutRecord', { StreamName: 'thr-put', ...rec(1000) }), 'ProvisionedThroughputExceededException', writeMessage('thr-put'));
    advance(1000);
    ok(await call(AWS, 'PutRecord', { StreamName: 'thr-put', ...rec(1000) }));
    expect(await readAll('thr-put')).toEqual(Array.from({ length: 1001 }, (_, i) => `r${i}`));
  });

  it('PutRecords: 200 with per-record results; only the throttled shard\'s records over its rate fail, the rest stored in order', async () => {
    await createActiveStream('thr-puts', 2);
    expect(ok(await call(AWS, 'PutRecords', { StreamName: 'thr-puts', Records: range(0, 500, H0) })).FailedRecordCount).toBe(0);
    expect(ok(await call(AWS, 'PutRecords', { StreamName: 'thr-puts', Records: range(500, 498, H0) })).FailedRecordCount).toBe(0);
    // Shard 0 has room for 2 more this second; shard 1 is empty.
    const mixed = [rec(998, H0), rec(1001, H1), rec(999, H0), rec(1000, H0), rec(1002, H1), rec(1003, H0)];
    const reply = ok(await call(AWS, 'PutRecords', { StreamName: 'thr-puts', Records: mixed }));
    const throttled = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: writeMessage('thr-puts') };
    const stored = (shard: number) => ({ SequenceNumber: expect.stringMatching(/^\d+$/), ShardId: `shardId-00000000000${shard}` });
    expect(reply).toEqual({ FailedRecordCount: 2, Records: [stored(0), stored(1), stored(0), throttled, stored(1), throttled] });
    expect(await readAll('thr-puts')).toEqual(Array.from({ length: 1000 }, (_, i) => `r${i}`));
    expect(await readAll('thr-puts', 'shardId-000000000001')).toEqual(['r1001', 'r1002']);
  });

  it('PutRecords: every record throttled is still a 200 with FailedRecordCount', async () => {
    await createActiveStream('thr-all', 1);
    ok(await call(AWS, 'PutRecords', { StreamName: 'thr-all', Records: range(0, 500) }));
    ok(await call(AWS, 'PutRecords', { StreamName: 'thr-all', Records: range(500, 500) }));
    const reply = ok(await call(AWS, 'PutRecords', { StreamName: 'thr-all', Records: range(1000, 3) }));
    expect(reply.FailedRecordCount).toBe(3);
    expect(reply.Records.map((r: { ErrorCode: string }) => r.ErrorCode)).toEqual(Array(3).fill('ProvisionedThroughputExceededException'));
  });

  it('off (the default) never throttles: 1,500 records in one second all pass', async () => {
    await createActiveStream('thr-off', 1);
    for (const from of [0, 500, 1000]) expect(ok(await call({}, 'PutRecords', { StreamName: 'thr-off', Records: range(from, 500) })).FailedRecordCount).toBe(0);
    ok(await call({}, 'PutRecord', { StreamName: 'thr-off', ...rec(1500) }));
  });

  it('an unknown THROTTLE value is read as aws, and logged once per isolate', async () => {
    await createActiveStream('thr-typo', 1);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      ok(await call({ THROTTLE: 'AWS ' }, 'PutRecords', { StreamName: 'thr-typo', Records: range(0, 500) }));
      ok(await call({ THROTTLE: 'AWS ' }, 'PutRecords', { StreamName: 'thr-typo', Records: range(500, 500) }));
      expectError(await call({ THROTTLE: 'AWS ' }, 'PutRecord', { StreamName: 'thr-typo', ...rec(1000) }), 'ProvisionedThroughputExceededException', writeMessage('thr-typo'));
      expect(warn.mock.calls.filter((c) => String(c[0]).includes('THROTTLE="AWS "'))).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('THROTTLE=aws: reads', () => {
  it('GetRecords: the 6th call on a shard within a second is refused with AWS\'s message; the next second reads', async () => {
    await createActiveStream('thr-get', 1);
    ok(await call(AWS, 'PutRecord', { StreamName: 'thr-get', ...rec(0) }));
    const it = await shardIterator('thr-get', 'shardId-000000000000');
    for (let i = 0; i < 5; i++) expect(ok(await call(AWS, 'GetRecords', { ShardIterator: it })).Records).toHaveLength(1);
    expectError(await call(AWS, 'GetRecords', { ShardIterator: it }), 'ProvisionedThroughputExceededException', 'Rate exceeded for Shard - 000000000000/thr-get/shardId-000000000000');
    advance(1000);
    expect(ok(await call(AWS, 'GetRecords', { ShardIterator: it })).Records).toHaveLength(1);
  });

  it('off (the default): 10 GetRecords calls in a second all answer', async () => {
    await createActiveStream('thr-get-off', 1);
    const it = await shardIterator('thr-get-off', 'shardId-000000000000');
    for (let i = 0; i < 10; i++) ok(await call({}, 'GetRecords', { ShardIterator: it }));
  });

  it('SubscribeToShard: a second call within a second for the consumer and shard is LimitExceededException', async () => {
    await createActiveStream('thr-sub', 1);
    const arn = await activeConsumer('thr-sub');
    const body = { ConsumerARN: arn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } };
    const first = await send(AWS, 'SubscribeToShard', body);
    expect(first.status).toBe(200);
    await first.body!.cancel();
    expectError(
      await call(AWS, 'SubscribeToShard', body),
      'LimitExceededException',
      `Rate exceeded for consumer ${arn} on shard shardId-000000000000: one SubscribeToShard call per second is allowed.`,
    );
    // Off, the same second call meets only the takeover rule (within 5 s of a successful one).
    expect((await call({}, 'SubscribeToShard', body)).body.__type).toBe('ResourceInUseException');
  });
});

describe('FAULTS', () => {
  it('PutRecord:InternalFailure:0.5 fails every 2nd call with the bare 500 and stores nothing for it', async () => {
    await createActiveStream('flt-put', 1);
    const FAULTS = { FAULTS: 'PutRecord:InternalFailure:0.5' };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await call(FAULTS, 'PutRecord', { StreamName: 'flt-put', ...rec(i) });
      statuses.push(r.status);
      if (r.status === 500) expect(r.body).toEqual({ __type: 'InternalFailure' });
    }
    expect(statuses).toEqual([200, 500, 200, 500, 200, 500]);
    expect(await readAll('flt-put')).toEqual(['r0', 'r2', 'r4']);
  });

  it('PutRecords:ProvisionedThroughputExceededException:0.5 and :InternalFailure fail single records, the rest stored', async () => {
    await createActiveStream('flt-puts', 1);
    const reply = ok(await call({ FAULTS: 'PutRecords:ProvisionedThroughputExceededException:0.5' }, 'PutRecords', { StreamName: 'flt-puts', Records: range(0, 4) }));
    expect(reply.FailedRecordCount).toBe(2);
    expect(reply.Records[1]).toEqual({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: writeMessage('flt-puts') });
    expect(reply.Records[3]).toEqual(reply.Records[1]);
    const failing = ok(await call({ FAULTS: 'PutRecords:InternalFailure:0.34' }, 'PutRecords', { StreamName: 'flt-puts', Records: range(4, 3) }));
    expect(failing).toEqual({
      FailedRecordCount: 1,
      Records: [expect.objectContaining({ ShardId: 'shardId-000000000000' }), expect.objectContaining({ ShardId: 'shardId-000000000000' }), { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' }],
    });
    expect(await readAll('flt-puts')).toEqual(['r0', 'r2', 'r4', 'r5']);
  });

  it('other operations answer the injected error as a whole, before changing anything', async () => {
    const FAULTS = { FAULTS: 'CreateStream:LimitExceededException,GetRecords:ProvisionedThroughputExceededException' };
    expectError(await call(FAULTS, 'CreateStream', { StreamName: 'flt-never', ShardCount: 1 }), 'LimitExceededException', 'Injected fault: CreateStream answers LimitExceededException (--fault CreateStream:LimitExceededException).');
    expectError(await call({}, 'DescribeStreamSummary', { StreamName: 'flt-never' }), 'ResourceNotFoundException', 'Stream flt-never under account 000000000000 not found.');
    await createActiveStream('flt-get', 1);
    const it = await shardIterator('flt-get', 'shardId-000000000000');
    expectError(await call(FAULTS, 'GetRecords', { ShardIterator: it }), 'ProvisionedThroughputExceededException', 'Rate exceeded for Shard - 000000000000/flt-get/shardId-000000000000');
  });
});
