// Deleting a stream, purging it and changing its retention reach only the shard objects that were ever opened
// (written to or read from), so a stream of thousands of shards costs what its used shards cost. Observed through
// the objects that really exist in the namespace (listDurableObjectIds) and their SQLite storage.
import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountObjectName, shardObjectName, streamObjectName } from '../../src/objects/names';
import type { ShardRef } from '../../src/model/shard';
import {
  DEFAULT_ACCOUNT,
  DEFAULT_REGION,
  STATUS_DELAY_MS,
  T0,
  advance,
  b64,
  bindings,
  evenRanges,
  expectEmptyOk,
  expectError,
  freshStart,
  kinesis,
  ok,
  putRecord,
  restoreClock,
  shardId,
  shardIterator,
} from '../helpers/kinesis';

const HOUR = 3_600_000;
const tenant = { account: DEFAULT_ACCOUNT, region: DEFAULT_REGION };
/** Far above the test config's SHARD_LIMIT: the account object is asked directly, with its own limit. */
const MANY = 2000;

/** A stream of `shards` shards created at T0 and ACTIVE, made through the account object as CreateStream does. */
async function streamOf(name: string, shards: number): Promise<void> {
  const created = await bindings.ACCOUNT.getByName(accountObjectName(tenant)).createStream(
    { tenant, name, createdAt: T0, activeAt: T0 + STATUS_DELAY_MS, mode: 'PROVISIONED', retentionHours: 24, maxRecordKib: 1024, shardCount: shards, tags: {} },
    shards,
  );
  expect(created).toEqual({ ok: true, value: null });
  advance(STATUS_DELAY_MS);
}

/** One record onto shard `index` of a stream of `shards` shards, by the first hash key of its range. */
const putOn = (name: string, shards: number, index: number, data: string) =>
  putRecord(name, 'k', data, { extra: { ExplicitHashKey: evenRanges(shards)[index].StartingHashKey } });

const shardName = (name: string, index: number, createdAt = T0) => shardObjectName(tenant, name, createdAt, index);
const shardStub = (name: string, index: number) => bindings.SHARD.getByName(shardName(name, index));
const refOf = (name: string, index: number): ShardRef => ({ ...tenant, streamName: name, streamCreatedAt: T0, shardIndex: index, shardCreatedAt: T0 });

const shardIds = async () => new Set((await listDurableObjectIds(bindings.SHARD)).map((id) => id.toString()));
/** Shard objects of earlier tests in this file may outlive reset(): only objects that appear later count. */
let earlier = new Set<string>();
beforeEach(async () => {
  await freshStart();
  earlier = await shardIds();
});

/** The shard objects that came to exist (hold storage) during this test: how many, and which of `names`. */
async function existingShards(names: string[]): Promise<{ existing: number; named: string[] }> {
  const ids = [...(await shardIds())].filter((id) => !earlier.has(id));
  return { existing: ids.length, named: names.filter((n) => ids.includes(bindings.SHARD.idFromName(n).toString())) };
}

async function userTables(stub: DurableObjectStub): Promise<string[]> {
  return runInDurableObject(stub, (_i, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")
      .toArray()
      .map((r) => r.name),
  );
}

const texts = (records: { Data: string }[]) => records.map((r) => Buffer.from(r.Data, 'base64').toString());

afterEach(() => restoreClock());

describe(`a stream of ${MANY} shards`, () => {
  it('is deleted and purged touching only the shards that were opened', { timeout: 120_000 }, async () => {
    await streamOf('wide', MANY);
    await putOn('wide', MANY, 0, 'first');
    await putOn('wide', MANY, MANY - 1, 'last');
    // Reading opens a shard too (GetShardIterator asks it for its position).
    await shardIterator('wide', shardId(7));
    const opened = [0, 7, MANY - 1].map((i) => shardName('wide', i));
    expect(await existingShards(opened)).toEqual({ existing: 3, named: opened });

    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'wide' }));
    expect(await existingShards(opened)).toEqual({ existing: 3, named: opened });
    // Every opened shard was told before DeleteStream answered: each refuses a write from a stale view at once.
    for (const i of [0, 7, MANY - 1]) {
      expect(await shardStub('wide', i).put(refOf('wide', i), [{ partitionKey: 'k', data: new Uint8Array(1) }])).toEqual({
        ok: false,
        error: { type: 'ResourceNotFoundException', message: `Stream wide under account ${DEFAULT_ACCOUNT} not found.` },
      });
    }
    expectError(await kinesis('DescribeStreamSummary', { StreamName: 'nope' }), 'ResourceNotFoundException', `Stream nope under account ${DEFAULT_ACCOUNT} not found.`);
    expect(ok(await kinesis('ListStreams', {})).StreamNames).toEqual(['wide']);

    advance(STATUS_DELAY_MS);
    expect(await runDurableObjectAlarm(bindings.STREAM.getByName(streamObjectName(tenant, 'wide')))).toBe(true);
    for (const i of [0, 7, MANY - 1]) expect(await userTables(shardStub('wide', i))).toEqual([]);
    expect(ok(await kinesis('ListStreams', {})).StreamNames).toEqual([]);
  });

  it('has its retention decreased touching only opened shards, which hide older records at once', { timeout: 120_000 }, async () => {
    await streamOf('long', MANY);
    expectEmptyOk(await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'long', RetentionPeriodHours: 48 }));
    await putOn('long', MANY, 0, 'old-0');
    await putOn('long', MANY, MANY - 1, 'old-last');
    advance(30 * HOUR);
    await putOn('long', MANY, 0, 'young-0');
    expectEmptyOk(await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 'long', RetentionPeriodHours: 24 }));
    const opened = [0, MANY - 1].map((i) => shardName('long', i));
    expect(await existingShards(opened)).toEqual({ existing: 2, named: opened });
    expect(texts(ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('long', shardId(0)) })).Records)).toEqual(['young-0']);
    expect(texts(ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('long', shardId(MANY - 1)) })).Records)).toEqual([]);
    // A shard first opened after the change keeps records for the new period, not the one its caller may remember.
    await putOn('long', MANY, 5, 'later');
    const hours = await runInDurableObject(shardStub('long', 5), (_i, state) => state.storage.sql.exec<{ h: number }>('SELECT retention_hours AS h FROM meta').one().h);
    expect(hours).toBe(24);
  });
});

describe('a shard opened only after its stream was deleted', () => {
  it('refuses a write while the stream is DELETING, as a told shard does, and is purged with the others', async () => {
    await streamOf('late', 4);
    await putOn('late', 4, 0, 'x');
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'late' }));
    // A Worker whose cached view still shows the stream ACTIVE writes to a shard nobody opened before.
    expect(await shardStub('late', 2).put(refOf('late', 2), [{ partitionKey: 'k', data: new Uint8Array(1) }])).toEqual({
      ok: false,
      error: { type: 'ResourceNotFoundException', message: `Stream late under account ${DEFAULT_ACCOUNT} not found.` },
    });
    expect(await runInDurableObject(shardStub('late', 2), (_i, state) => state.storage.sql.exec('SELECT COUNT(*) AS n FROM records').one().n)).toBe(0);
    advance(STATUS_DELAY_MS);
    expect(await runDurableObjectAlarm(bindings.STREAM.getByName(streamObjectName(tenant, 'late')))).toBe(true);
    for (const i of [0, 2]) expect(await userTables(shardStub('late', i))).toEqual([]);
  });

  it('refuses a write once the stream is purged, and stores nothing', async () => {
    await streamOf('purged', 4);
    await putOn('purged', 4, 0, 'x');
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'purged' }));
    advance(STATUS_DELAY_MS);
    expect(await runDurableObjectAlarm(bindings.STREAM.getByName(streamObjectName(tenant, 'purged')))).toBe(true);
    const put = await shardStub('purged', 3).put(refOf('purged', 3), [{ partitionKey: 'k', data: new Uint8Array(1) }]);
    expect(put).toEqual({ ok: false, error: { type: 'ResourceNotFoundException', message: `Stream purged under account ${DEFAULT_ACCOUNT} not found.` } });
    expect(await userTables(shardStub('purged', 3))).toEqual([]);
  });

  it('lets a re-created stream of the same name write to the same shard index', async () => {
    await streamOf('again', 2);
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'again' }));
    advance(STATUS_DELAY_MS);
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'again', ShardCount: 2 }));
    advance(STATUS_DELAY_MS);
    expect(ok(await kinesis('PutRecord', { StreamName: 'again', PartitionKey: 'k', Data: b64('new') })).ShardId).toMatch(/^shardId-/);
  });
});
