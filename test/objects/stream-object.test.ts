// StreamObject against real SQLite: after DeleteStream's delay its alarm destroys the shard objects' data and its
// own rows; a re-create that overtakes the purge still gets the old generation purged; streams stored by older code
// are migrated so their shards are still reached.
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { streamMigrations } from '../../src/objects/migrations';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  STATUS_DELAY_MS,
  T0,
  advance,
  createActiveStream,
  expectEmptyOk,
  freshStart,
  kinesis,
  ok,
  putRecord,
  restoreClock,
  shardId,
  shardIterator,
  bindings,
} from '../helpers/kinesis';

const streamStub = (name: string) => bindings.STREAM.getByName(`000000000000:us-east-1:stream:${name}`);
const shardStub = (name: string, createdAt: number, index: number) => bindings.SHARD.getByName(`000000000000:us-east-1:shard:${name}:${createdAt}:${index}`);

async function tables(stub: DurableObjectStub): Promise<string[]> {
  return runInDurableObject(stub, (_i, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")
      .toArray()
      .map((r) => r.name),
  );
}

async function recordCount(stub: DurableObjectStub): Promise<number> {
  return runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM records').one().n);
}

/** A 2-shard stream created at T0 with one record on each shard. */
async function streamWithRecords(name: string): Promise<void> {
  await createActiveStream(name, 2);
  // The lowest and the highest hash key: one record on each of the two shards.
  for (const h of ['0', '340282366920938463463374607431768211455']) await putRecord(name, 'k', 'x', { extra: { ExplicitHashKey: h } });
}

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('purge after DeleteStream', () => {
  it("destroys every shard object's data and the stream's rows once the delete delay is over", async () => {
    await streamWithRecords('purged');
    for (const i of [0, 1]) expect(await recordCount(shardStub('purged', T0, i))).toBe(1);
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'purged' }));
    const goneAt = Date.now() + STATUS_DELAY_MS;
    expect(await runInDurableObject(streamStub('purged'), (_i, state) => state.storage.getAlarm())).toBe(goneAt);

    advance(STATUS_DELAY_MS);
    expect(await runDurableObjectAlarm(streamStub('purged'))).toBe(true);
    for (const i of [0, 1]) {
      const stub = shardStub('purged', T0, i);
      expect(await tables(stub)).toEqual([]);
      expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
    }
    expect(await streamStub('purged').state()).toBeNull();
    expect(await runInDurableObject(streamStub('purged'), (_i, state) => state.storage.sql.exec('SELECT * FROM stream').toArray())).toEqual([]);
    expect(await runDurableObjectAlarm(streamStub('purged'))).toBe(false);
  });

  it('purges nothing when the alarm runs before the delay is over', async () => {
    await streamWithRecords('early');
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'early' }));
    advance(STATUS_DELAY_MS - 1);
    expect(await runDurableObjectAlarm(streamStub('early'))).toBe(true);
    for (const i of [0, 1]) expect(await recordCount(shardStub('early', T0, i))).toBe(1);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'early' })).StreamDescriptionSummary.StreamStatus).toBe('DELETING');
    // The alarm is set again for the due time, and then purges.
    advance(1);
    expect(await runDurableObjectAlarm(streamStub('early'))).toBe(true);
    for (const i of [0, 1]) expect(await tables(shardStub('early', T0, i))).toEqual([]);
  });

  it('still purges the old generation when a re-create overtakes the alarm', async () => {
    await streamWithRecords('overtaken');
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'overtaken' }));
    advance(STATUS_DELAY_MS);
    const recreatedAt = Date.now();
    await createActiveStream('overtaken', 1);
    await putRecord('overtaken', 'k', 'new');
    // Old generation's shards still hold data until the alarm runs.
    expect(await recordCount(shardStub('overtaken', T0, 0))).toBe(1);
    expect(await runDurableObjectAlarm(streamStub('overtaken'))).toBe(true);
    for (const i of [0, 1]) expect(await tables(shardStub('overtaken', T0, i))).toEqual([]);
    // The new generation is untouched.
    expect(await recordCount(shardStub('overtaken', recreatedAt, 0))).toBe(1);
    const reply = ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('overtaken', shardId(0)) }));
    expect(reply.Records.map((r: { Data: string }) => Buffer.from(r.Data, 'base64').toString())).toEqual(['new']);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'overtaken' })).StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
  });
});

describe('a stream stored before shards registered themselves', () => {
  it('counts every shard of its generation, and of generations awaiting purge, as opened', async () => {
    const stub = streamStub('legacy');
    // The first four schema steps and rows as the code before registration wrote them (migrations.ts).
    await runInDurableObject(stub, (_i, state) => {
      const sql = state.storage.sql;
      sql.exec('CREATE TABLE _migrations (version INTEGER PRIMARY KEY)');
      for (const [v, step] of streamMigrations.slice(0, 4).entries()) {
        sql.exec(step);
        sql.exec('INSERT INTO _migrations (version) VALUES (?)', v + 1);
      }
      sql.exec(`INSERT INTO stream (id, account, region, name, created_at, active_at, retention_hours, mode, encryption_type, max_record_kib)
                VALUES (1, '000000000000', 'us-east-1', 'legacy', ?, ?, 24, 'PROVISIONED', 'NONE', 1024)`, T0, T0);
      for (const idx of [0, 1]) sql.exec(`INSERT INTO shards (idx, start_hash, end_hash, created_at) VALUES (?, '0', '1', ?)`, idx, T0);
      sql.exec('INSERT INTO purges (created_at, shard_count, due_at) VALUES (?, 3, ?)', T0 - 1000, T0 + 1000);
    });
    await abortAllDurableObjects();
    // A new instance (the old stub is broken by the abort) runs the remaining steps in its constructor.
    const restarted = streamStub('legacy');
    expect((await restarted.state())?.shards).toHaveLength(2);
    const opened = await runInDurableObject(restarted, (_i, state) =>
      state.storage.sql.exec<{ generation: number; idx: number }>('SELECT generation, idx FROM opened_shards ORDER BY generation, idx').toArray(),
    );
    expect(opened).toEqual([
      { generation: T0 - 1000, idx: 0 },
      { generation: T0 - 1000, idx: 1 },
      { generation: T0 - 1000, idx: 2 },
      { generation: T0, idx: 0 },
      { generation: T0, idx: 1 },
    ]);
  });
});

describe('a purge of many opened shards', () => {
  it('destroys at most 128 shard objects per alarm run and is due again at once until done', { timeout: 60_000 }, async () => {
    const tenant = { account: '000000000000', region: 'us-east-1' };
    const created = await bindings.ACCOUNT.getByName('000000000000:us-east-1').createStream(
      { tenant, name: 'many', createdAt: T0, activeAt: T0, mode: 'PROVISIONED', retentionHours: 24, maxRecordKib: 1024, shardCount: 300, tags: {} },
      300,
    );
    expect(created.ok).toBe(true);
    // 300 shards register as opened (what a shard does on first use); three of them also store a record.
    for (let i = 0; i < 300; i++) expect((await streamStub('many').shardOpened(T0, i)).open).toBe(true);
    const ref = (i: number) => ({ ...tenant, streamName: 'many', streamCreatedAt: T0, shardIndex: i, shardCreatedAt: T0 });
    for (const i of [0, 150, 299]) expect((await shardStub('many', T0, i).put(ref(i), [{ partitionKey: 'k', data: new Uint8Array(1) }])).ok).toBe(true);
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'many' }));
    advance(STATUS_DELAY_MS);
    const openedLeft = () => runInDurableObject(streamStub('many'), (_i, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM opened_shards').one().n);
    const alarmAt = () => runInDurableObject(streamStub('many'), (_i, state) => state.storage.getAlarm());
    const left: number[] = [];
    for (let run = 0; run < 3; run++) {
      expect(await runDurableObjectAlarm(streamStub('many'))).toBe(true);
      left.push(await openedLeft());
      if (left[run] > 0) expect(await alarmAt()).toBeLessThanOrEqual(Date.now());
    }
    expect(left).toEqual([172, 44, 0]);
    for (const i of [0, 150, 299]) expect(await tables(shardStub('many', T0, i))).toEqual([]);
    expect(await runInDurableObject(streamStub('many'), (_i, state) => state.storage.sql.exec('SELECT * FROM stream').toArray())).toEqual([]);
    expect(await alarmAt()).toBeNull();
  });
});
