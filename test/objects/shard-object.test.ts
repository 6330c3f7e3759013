// ShardObject against real SQLite: the only sequencer of its shard (strictly increasing sequence numbers under
// concurrent puts), retention hides old records at once and the idempotent alarm deletes them.
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSequenceNumber } from '../../src/model/sequence-number';
import type { ShardRef } from '../../src/model/shard';
import { T0, advance, freshStart, restoreClock, bindings } from '../helpers/kinesis';

const HOUR = 3_600_000;
const enc = new TextEncoder();

let seq = 0;
/** Shard 3 of a fresh 4-shard stream created (ACTIVE) at T0: a shard registers with its stream on first use. */
async function shard(retentionHours = 24) {
  seq += 1;
  const ref: ShardRef = { account: '000000000000', region: 'us-east-1', streamName: `objects-${seq}`, streamCreatedAt: T0, shardIndex: 3, shardCreatedAt: T0 };
  const created = await streamOf(ref).create({
    tenant: { account: ref.account, region: ref.region }, name: ref.streamName, createdAt: T0, activeAt: T0, mode: 'PROVISIONED', retentionHours, maxRecordKib: 1024, shardCount: 4, tags: {},
  });
  expect(created.ok).toBe(true);
  return { ref, stub: bindings.SHARD.getByName(`000000000000:us-east-1:shard:${ref.streamName}:${T0}:3`) };
}
const streamOf = (ref: ShardRef) => bindings.STREAM.getByName(`000000000000:us-east-1:stream:${ref.streamName}`);

const entry = (text: string) => ({ partitionKey: 'pk', data: enc.encode(text) });

async function texts(stub: Awaited<ReturnType<typeof shard>>['stub'], ref: ShardRef, after = 0): Promise<string[]> {
  const page = await stub.getRecords(ref, after, 10_000);
  if (!page.ok) throw new Error(JSON.stringify(page));
  return page.value.records.map((r) => new TextDecoder().decode(r.data));
}

async function rowCount(stub: Awaited<ReturnType<typeof shard>>['stub']): Promise<number> {
  return runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM records').one().n);
}

async function alarmAt(stub: Awaited<ReturnType<typeof shard>>['stub']): Promise<number | null> {
  return runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
}

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('sequencing', () => {
  it('hands out strictly increasing sequence numbers across 200 concurrent puts', async () => {
    const { ref, stub } = await shard();
    // Fire every put before awaiting any; batches of 1-3 records each.
    const calls = Array.from({ length: 200 }, (_, i) => stub.put(ref, Array.from({ length: (i % 3) + 1 }, (_, j) => entry(`${i}.${j}`))));
    const results = await Promise.all(calls);
    const all: bigint[] = [];
    results.forEach((r, i) => {
      if (!r.ok) throw new Error(JSON.stringify(r));
      expect(r.value).toHaveLength((i % 3) + 1);
      // Within one call, in entry order.
      for (let j = 1; j < r.value.length; j++) expect(BigInt(r.value[j]) > BigInt(r.value[j - 1])).toBe(true);
      all.push(...r.value.map(BigInt));
    });
    expect(new Set(all).size).toBe(all.length);
    // In storage, counter order is sequence-number order, with no gaps.
    const rows = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ counter: number; seq: string }>('SELECT counter, seq FROM records ORDER BY counter').toArray());
    expect(rows).toHaveLength(all.length);
    rows.forEach((row, i) => {
      expect(row.counter).toBe(i + 1);
      if (i > 0) expect(BigInt(row.seq) > BigInt(rows[i - 1].seq)).toBe(true);
      expect(parseSequenceNumber(row.seq)).toMatchObject({ shardIndex: 3, counter: BigInt(i + 1), shardCreatedAtSec: T0 / 1000 });
    });
  });

  it('keeps increasing when the clock goes backwards', async () => {
    const { ref, stub } = await shard();
    advance(10_000);
    const first = await stub.put(ref, [entry('a')]);
    advance(-5_000);
    const second = await stub.put(ref, [entry('b')]);
    if (!first.ok || !second.ok) throw new Error('put failed');
    expect(BigInt(second.value[0]) > BigInt(first.value[0])).toBe(true);
  });
});

describe('retention', () => {
  it('never returns records older than the retention period, even before the alarm runs', async () => {
    const { ref, stub } = await shard();
    await stub.put(ref, [entry('old')]);
    advance(24 * HOUR);
    expect(await texts(stub, ref)).toEqual(['old']);
    advance(1);
    expect(await texts(stub, ref)).toEqual([]);
    expect(await rowCount(stub)).toBe(1);
  });

  it('schedules the alarm for when the oldest record expires, and the alarm deletes it', async () => {
    const { ref, stub } = await shard();
    await stub.put(ref, [entry('old')]);
    expect(await alarmAt(stub)).toBe(T0 + 24 * HOUR);
    advance(24 * HOUR + 1);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await rowCount(stub)).toBe(0);
    // Nothing left to trim: no alarm pending.
    expect(await alarmAt(stub)).toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it('is idempotent: running the alarm again deletes nothing more and keeps the next wake-up', async () => {
    const { ref, stub } = await shard();
    await stub.put(ref, [entry('old')]);
    advance(12 * HOUR);
    await stub.put(ref, [entry('young')]);
    advance(12 * HOUR + 1);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await texts(stub, ref)).toEqual(['young']);
    expect(await rowCount(stub)).toBe(1);
    expect(await alarmAt(stub)).toBe(T0 + 36 * HOUR);
    // A second run (early, as a retried alarm would be) and a direct call change nothing.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, (instance) => instance.alarm());
    expect(await rowCount(stub)).toBe(1);
    expect(await texts(stub, ref)).toEqual(['young']);
    expect(await alarmAt(stub)).toBe(T0 + 36 * HOUR);
  });

  it('hides older data at once when retention decreases, and trims by the new period', async () => {
    const { ref, stub } = await shard(48);
    await stub.put(ref, [entry('day-old')]);
    advance(30 * HOUR);
    await stub.put(ref, [entry('fresh')]);
    expect(await texts(stub, ref)).toEqual(['day-old', 'fresh']);
    expect(await alarmAt(stub)).toBe(T0 + 48 * HOUR);
    const changed = await stub.setRetention(24);
    expect(changed.ok).toBe(true);
    expect(await texts(stub, ref)).toEqual(['fresh']);
    // The pending alarm moves up to the new expiry of the oldest record.
    expect(await alarmAt(stub)).toBe(T0 + 24 * HOUR);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await rowCount(stub)).toBe(1);
  });

  it('keeps older data readable when retention increases', async () => {
    const { ref, stub } = await shard(24);
    await stub.put(ref, [entry('kept')]);
    await stub.setRetention(72);
    advance(48 * HOUR);
    expect(await texts(stub, ref)).toEqual(['kept']);
    expect(await alarmAt(stub)).toBe(T0 + 72 * HOUR);
  });
});

describe('an unknown shard', () => {
  it('answers getRecords with "does not exist" and creates no tables', async () => {
    const { ref, stub } = await shard();
    expect(await stub.getRecords(ref, 0, 10)).toEqual({
      ok: false,
      error: { type: 'ResourceNotFoundException', message: `Shard shardId-000000000003 in stream ${ref.streamName} under account 000000000000 does not exist` },
    });
    const tables = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray());
    expect(tables).toEqual([]);
  });
});

describe('deletion notice', () => {
  it('refuses puts once told its stream is being deleted, with the not-found answer of a deleted stream', async () => {
    const { ref, stub } = await shard();
    const first = await stub.put(ref, [entry('before')]);
    expect(first.ok).toBe(true);
    expect((await stub.markDeleted(T0 + 500)).ok).toBe(true);
    const after = await stub.put(ref, [entry('after')]);
    expect(after).toEqual({ ok: false, error: { type: 'ResourceNotFoundException', message: `Stream ${ref.streamName} under account 000000000000 not found.` } });
    expect(await rowCount(stub)).toBe(1);
  });

  it('keeps serving reads until the stream is gone, then answers that the shard does not exist', async () => {
    const { ref, stub } = await shard();
    await stub.put(ref, [entry('kept')]);
    await stub.markDeleted(T0 + 500);
    expect(await texts(stub, ref)).toEqual(['kept']);
    advance(500);
    const page = await stub.getRecords(ref, 0, 10);
    expect(page).toEqual({
      ok: false,
      error: { type: 'ResourceNotFoundException', message: `Shard shardId-000000000003 in stream ${ref.streamName} under account 000000000000 does not exist` },
    });
  });

  it('takes the retention its stream has when it opens, not the one it was created with', async () => {
    const { ref, stub } = await shard(24);
    // Not opened yet: the change reaches only the stream object.
    expect(await streamOf(ref).changeRetention('increase', 48)).toEqual({ ok: true, value: null });
    await stub.put(ref, [entry('x')]);
    const hours = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ h: number }>('SELECT retention_hours AS h FROM meta').one().h);
    expect(hours).toBe(48);
  });
});

describe('sequence counter across restarts', () => {
  const counterOf = (seq: string) => parseSequenceNumber(seq)!.counter;

  it('continues after the object restarts, from the records it holds', async () => {
    const { ref, stub } = await shard();
    const before = await stub.put(ref, [entry('a'), entry('b'), entry('c')]);
    if (!before.ok) throw new Error(JSON.stringify(before));
    await abortAllDurableObjects();
    const after = await bindings.SHARD.getByName(`000000000000:us-east-1:shard:${ref.streamName}:${T0}:3`).put(ref, [entry('d')]);
    if (!after.ok) throw new Error(JSON.stringify(after));
    expect(counterOf(after.value[0])).toBe(counterOf(before.value[2]) + 1n);
  });

  it('never reuses a number even when retention trimmed every record before a restart', async () => {
    const { ref, stub } = await shard(24);
    const before = await stub.put(ref, [entry('a'), entry('b')]);
    if (!before.ok) throw new Error(JSON.stringify(before));
    advance(25 * HOUR);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await rowCount(stub)).toBe(0);
    await abortAllDurableObjects();
    const after = await bindings.SHARD.getByName(`000000000000:us-east-1:shard:${ref.streamName}:${T0}:3`).put(ref, [entry('c')]);
    if (!after.ok) throw new Error(JSON.stringify(after));
    expect(counterOf(after.value[0])).toBe(counterOf(before.value[1]) + 1n);
  });

  it('stores a 45-record batch (more than one multi-row insert) whole and in order', async () => {
    const { ref, stub } = await shard();
    const result = await stub.put(ref, Array.from({ length: 45 }, (_, i) => entry(`r${i}`)));
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(await texts(stub, ref)).toEqual(Array.from({ length: 45 }, (_, i) => `r${i}`));
  });
});

describe('GetRecords reply cap', () => {
  it('stops a page before it would pass 10 MiB of data and keys, and the next page carries on from there', async () => {
    const { ref, stub } = await shard();
    // 11 records of 1,000,000 bytes: ten fit in 10 MiB (10,485,760 bytes) with their keys, eleven do not [DOC GetRecords].
    const big = (i: number) => ({ partitionKey: `k${i}`, data: new Uint8Array(1_000_000).fill(i) });
    for (const batch of [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9, 10]]) {
      const put = await stub.put(ref, batch.map(big));
      if (!put.ok) throw new Error(JSON.stringify(put));
    }
    const first = await stub.getRecords(ref, 0, 10_000);
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.value.records).toHaveLength(10);
    expect(first.value.records.map((r) => new Uint8Array(r.data)[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.value.millisBehindLatest).toBeGreaterThanOrEqual(0);
    const second = await stub.getRecords(ref, first.value.lastCounter, 10_000);
    if (!second.ok) throw new Error(JSON.stringify(second));
    expect(second.value.records.map((r) => new Uint8Array(r.data)[0])).toEqual([10]);
  });

  it('still returns a record bigger than the cap on its own rather than none', async () => {
    const { ref, stub } = await shard();
    // A stream's max record size can reach 10 MiB [DOC UpdateMaxRecordSize]: one such record alone fills a page.
    const put = await stub.put(ref, [{ partitionKey: 'k', data: new Uint8Array(10 * 1024 * 1024) }, { partitionKey: 'k', data: new Uint8Array(1) }]);
    if (!put.ok) throw new Error(JSON.stringify(put));
    const page = await stub.getRecords(ref, 0, 10_000);
    if (!page.ok) throw new Error(JSON.stringify(page));
    expect(page.value.records.map((r) => r.data.byteLength)).toEqual([10 * 1024 * 1024]);
  });
});

describe('records larger than a SQLite row', () => {
  // A Durable Object's SQLite refuses blobs over 2 MB; records may reach 10 MiB [DOC UpdateMaxRecordSize].
  const patterned = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 20)) & 0xff);

  it('stores and returns a 3.5 MiB record byte for byte, between small ones, in order', async () => {
    const { ref, stub } = await shard();
    const big = patterned(3.5 * 1024 * 1024 + 3);
    const put = await stub.put(ref, [entry('before'), { partitionKey: 'big', data: big }, entry('after')]);
    if (!put.ok) throw new Error(JSON.stringify(put));
    const page = await stub.getRecords(ref, 0, 10);
    if (!page.ok) throw new Error(JSON.stringify(page));
    const [a, b, c] = page.value.records;
    expect(new TextDecoder().decode(a.data)).toBe('before');
    expect(new Uint8Array(b.data)).toEqual(big);
    expect(new TextDecoder().decode(c.data)).toBe('after');
  });

  it('trims a large record’s parts with it when retention passes', async () => {
    const { ref, stub } = await shard(24);
    await stub.put(ref, [{ partitionKey: 'big', data: patterned(2.5 * 1024 * 1024) }]);
    const parts = () => runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM record_parts').one().n);
    expect(await parts()).toBe(2);
    advance(25 * HOUR);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await rowCount(stub)).toBe(0);
    expect(await parts()).toBe(0);
  });
});
