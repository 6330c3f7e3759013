// The stored-bytes quota of `verify` mode: shards report the bytes of data and partition keys they keep to their
// account object; puts are refused with LimitExceededException once the account stores its quota; trimming by
// retention and deleting a stream give the bytes back. Expected byte counts are computed here from what is put.
import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearRateState, clearTenantCache } from '../../src/auth/tenants';
import { clearStoredBytesCache } from '../../src/operations/stored-bytes';
import { STORED_BYTES_CACHE_MS } from '../../src/limits';
import { advance, b64, bindings, expectError, freshStart, ok, restoreClock, STATUS_DELAY_MS } from '../helpers/kinesis';
import { call, verifyEnv, type Who } from './verify-helpers';

const A: Who = { accessKeyId: 'AKIASTORED0000000001', secretAccessKey: 'secret-a' };
const B: Who = { accessKeyId: 'AKIASTORED0000000002', secretAccessKey: 'secret-b' };
const QUOTA = 1000;
const env = verifyEnv([
  { ...A, account: '515151515151', quotas: { storedBytes: QUOTA } },
  { ...B, account: '525252525252', quotas: { storedBytes: QUOTA } },
]);

beforeEach(async () => {
  await freshStart();
  clearRateState();
  clearTenantCache();
  clearStoredBytesCache();
});
afterEach(() => restoreClock());

const usage = (account: string, region = 'us-east-1') => bindings.ACCOUNT.getByName(`${account}:${region}`).usage();

/** Polls the account object until its stored bytes are `want` (shards report after the put has answered). */
async function storedBytesReach(account: string, want: number): Promise<void> {
  // Real time (the fake clock stands still): a shard reports at most STORED_BYTES_REPORT_MS after its last put.
  const deadline = performance.now() + 5_000;
  let last = -1;
  while (performance.now() < deadline) {
    last = (await usage(account)).storedBytes;
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(last).toBe(want);
}

async function activeStream(who: Who, name: string, shards = 1) {
  expect((await call(env, who, 'CreateStream', { StreamName: name, ShardCount: shards })).status).toBe(200);
  advance(STATUS_DELAY_MS + 1);
}

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

describe('stored bytes', () => {
  it('counts the data and the UTF-8 partition keys of every record kept, over all shards of the account', async () => {
    await activeStream(A, 'counted', 2);
    const records = [
      { data: 'x'.repeat(100), key: 'ключ-1' },
      { data: '{"a":1}', key: 'k2' },
      { data: 'é'.repeat(10), key: 'another-key-3' },
      { data: 'y'.repeat(50), key: 'k4' },
    ];
    const put = await call(env, A, 'PutRecords', { StreamName: 'counted', Records: records.map((r) => ({ Data: b64(r.data), PartitionKey: r.key })) });
    expect(ok(put).FailedRecordCount).toBe(0);
    const shards = new Set(ok(put).Records.map((r: { ShardId: string }) => r.ShardId));
    expect(shards.size).toBe(2); // both shards report, and the account adds them up
    const want = records.reduce((n, r) => n + utf8Bytes(r.data) + utf8Bytes(r.key), 0);
    await storedBytesReach('515151515151', want);
    // A put right after a report is reported once the report interval has passed (no put follows it).
    expect((await call(env, A, 'PutRecord', { StreamName: 'counted', Data: b64('later'), PartitionKey: 'ключ-1' })).status).toBe(200);
    await storedBytesReach('515151515151', want + 5 + utf8Bytes('ключ-1'));
    expect((await usage('525252525252')).storedBytes).toBe(0);
  });

  it('refuses puts once the account stores its quota, in its own account and region only', async () => {
    await activeStream(A, 'full');
    await activeStream(B, 'other');
    const record = { Data: b64('z'.repeat(600)), PartitionKey: 'key-01' };
    const each = 600 + 6;
    expect((await call(env, A, 'PutRecord', { StreamName: 'full', ...record })).status).toBe(200);
    await storedBytesReach('515151515151', each);
    advance(STORED_BYTES_CACHE_MS + 1);
    // 606 of 1000 stored: still under the quota, so this one is taken and goes past it.
    expect((await call(env, A, 'PutRecord', { StreamName: 'full', ...record })).status).toBe(200);
    await storedBytesReach('515151515151', 2 * each);
    advance(STORED_BYTES_CACHE_MS + 1);
    const message = `This request would exceed the stored bytes quota for the account 515151515151 in us-east-1. Stored bytes: ${2 * each}. Limit: ${QUOTA}.`;
    expectError(await call(env, A, 'PutRecord', { StreamName: 'full', ...record }), 'LimitExceededException', message);
    expectError(await call(env, A, 'PutRecords', { StreamName: 'full', Records: [record] }), 'LimitExceededException', message);
    // Nothing of the refused puts was stored.
    const it = ok(await call(env, A, 'GetShardIterator', { StreamName: 'full', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
    expect(ok(await call(env, A, 'GetRecords', { ShardIterator: it })).Records).toHaveLength(2);
    // Another region of the same tenant, and another tenant, are not affected.
    expect((await call(env, { ...A, region: 'eu-west-1' }, 'CreateStream', { StreamName: 'full', ShardCount: 1 })).status).toBe(200);
    expect((await call(env, B, 'PutRecord', { StreamName: 'other', ...record })).status).toBe(200);
  });

  it('gives the bytes back when retention trims the records, and when the stream is deleted', async () => {
    await activeStream(A, 'aging');
    await activeStream(A, 'doomed');
    const put = (stream: string, data: string) => call(env, A, 'PutRecord', { StreamName: stream, Data: b64(data), PartitionKey: 'k' });
    expect((await put('aging', 'a'.repeat(99))).status).toBe(200);
    expect((await put('doomed', 'd'.repeat(49))).status).toBe(200);
    await storedBytesReach('515151515151', 100 + 50);
    // Past the 24-hour retention, the shard's trim alarm deletes the record and reports what is left.
    advance(24 * 3_600_000 + 1);
    const created = ok(await call(env, A, 'DescribeStreamSummary', { StreamName: 'aging' })).StreamDescriptionSummary.StreamCreationTimestamp;
    const shard = bindings.SHARD.getByName(`515151515151:us-east-1:shard:aging:${Math.round(created * 1000)}:0`);
    expect(await runDurableObjectAlarm(shard)).toBe(true);
    await storedBytesReach('515151515151', 50);
    expect((await call(env, A, 'DeleteStream', { StreamName: 'doomed' })).status).toBe(200);
    expect((await usage('515151515151')).storedBytes).toBe(0);
  });
});
