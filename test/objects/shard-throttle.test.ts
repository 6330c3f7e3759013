// The shard object's AWS rate limits (THROTTLE=aws) against real SQLite, time moved by the fake clock: 1,000 records
// a second and the 1,001st refused, the 1 MiB boundary (data and partition keys), refused records never stored, five
// GetRecords calls a second and the 6th refused, and with throttling off none of it
// (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
import { runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShardRef } from '../../src/model/shard';
import { T0, advance, freshStart, restoreClock, bindings } from '../helpers/kinesis';

const MiB = 1024 * 1024;
let seq = 0;

/** Shard 0 of a fresh 1-shard stream created (ACTIVE) at T0. */
async function shard() {
  seq += 1;
  const ref: ShardRef = { account: '000000000000', region: 'us-east-1', streamName: `throttle-${seq}`, streamCreatedAt: T0, shardIndex: 0, shardCreatedAt: T0 };
  const created = await bindings.STREAM.getByName(`000000000000:us-east-1:stream:${ref.streamName}`).create({
    tenant: { account: ref.account, region: ref.region }, name: ref.streamName, createdAt: T0, activeAt: T0, mode: 'PROVISIONED', retentionHours: 24, maxRecordKib: 1024, shardCount: 1, tags: {},
  });
  expect(created.ok).toBe(true);
  return { ref, stub: bindings.SHARD.getByName(`000000000000:us-east-1:shard:${ref.streamName}:${T0}:0`) };
}

const small = (i: number) => ({ partitionKey: 'k', data: new TextEncoder().encode(`r${i}`) });
const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => small(from + i));

async function rows(stub: Awaited<ReturnType<typeof shard>>['stub']): Promise<string[]> {
  return runInDurableObject(stub, (_i, state) =>
    state.storage.sql.exec<{ data: ArrayBuffer }>('SELECT data FROM records ORDER BY counter').toArray().map((r) => new TextDecoder().decode(r.data)),
  );
}

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('writes (THROTTLE=aws)', () => {
  it('takes 1,000 records in one second, refuses the 1,001st without storing it, and takes it the next second', async () => {
    const { ref, stub } = await shard();
    advance(100); // within the second of T0 + 100 ms .. T0 + 999 ms
    const a = await stub.put(ref, batch(0, 500), false, true);
    const b = await stub.put(ref, batch(500, 499), false, true);
    const c = await stub.put(ref, batch(999, 2), false, true);
    expect([a.ok && a.value.length, a.ok && a.throttled, b.ok && b.value.length, b.ok && b.throttled]).toEqual([500, undefined, 499, undefined]);
    // The 1,000th record is taken, the 1,001st refused: its position in this call comes back.
    expect(c).toEqual({ ok: true, value: [expect.any(String)], throttled: [1] });
    expect(await rows(stub)).toEqual(Array.from({ length: 1000 }, (_, i) => `r${i}`));
    advance(899); // T0 + 999: still the same second
    expect(await stub.put(ref, [small(1000)], false, true)).toEqual({ ok: true, value: [], throttled: [0] });
    advance(1); // the next second
    const d = await stub.put(ref, [small(1000)], false, true);
    expect(d).toEqual({ ok: true, value: [expect.any(String)] });
    expect((await rows(stub)).length).toBe(1001);
  });

  it('takes exactly 1 MiB of data and partition keys in a second and refuses one byte more', async () => {
    const { ref, stub } = await shard();
    const big = { partitionKey: 'pk', data: new Uint8Array(MiB - 3) }; // 2 + (MiB - 3) = MiB - 1 bytes
    const one = { partitionKey: 'é', data: new Uint8Array(0) }; // 2 bytes in UTF-8: over by one
    const exact = { partitionKey: 'p', data: new Uint8Array(0) }; // 1 byte: exactly 1 MiB
    const r = await stub.put(ref, [big, one, exact, exact], false, true);
    expect(r).toEqual({ ok: true, value: [expect.any(String), expect.any(String)], throttled: [1, 3] });
    const stored = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM records').one().n);
    expect(stored).toBe(2);
    // A single record of 1 MiB + 1 byte never fits a second (the max record size refuses it earlier in the Worker).
    advance(1000);
    expect(await stub.put(ref, [{ partitionKey: 'pk', data: new Uint8Array(MiB - 1) }], false, true)).toEqual({ ok: true, value: [], throttled: [0] });
  });

  it('off (the default) never throttles: 3,000 records in one second are all stored', async () => {
    const { ref, stub } = await shard();
    for (let i = 0; i < 6; i++) {
      const r = await stub.put(ref, batch(i * 500, 500));
      expect(r.ok && r.value.length).toBe(500);
      expect(r.ok && r.throttled).toBeUndefined();
    }
    expect((await rows(stub)).length).toBe(3000);
  });
});

describe('reads (THROTTLE=aws)', () => {
  const message = (name: string) => `Rate exceeded for Shard - 000000000000/${name}/shardId-000000000000`;

  it('answers 5 GetRecords calls in a second and refuses the 6th, shared by every reader; the next second reads again', async () => {
    const { ref, stub } = await shard();
    await stub.put(ref, batch(0, 3));
    for (let i = 0; i < 5; i++) expect((await stub.getRecords(ref, i % 2, 10, true)).ok).toBe(true);
    expect(await stub.getRecords(ref, 0, 10, true)).toEqual({ ok: false, error: { type: 'ProvisionedThroughputExceededException', message: message(ref.streamName) } });
    // Channel delivery reads without throttle and is never refused.
    expect((await stub.getRecords(ref, 0, 10)).ok).toBe(true);
    advance(1000);
    const page = await stub.getRecords(ref, 0, 10, true);
    expect(page.ok && page.value.records.length).toBe(3);
  });

  it('after a 10 MiB reply refuses calls for the following seconds, as AWS documents 5 s', async () => {
    const { ref, stub } = await shard();
    for (let i = 0; i < 10; i++) expect((await stub.put(ref, [{ partitionKey: 'k', data: new Uint8Array(MiB - 1) }])).ok).toBe(true);
    advance(1000);
    const page = await stub.getRecords(ref, 0, 10_000, true);
    expect(page.ok && page.value.records.length).toBe(10);
    for (const step of [1, 999, 1000, 1000, 1000]) {
      advance(step);
      expect((await stub.getRecords(ref, 10, 10, true)).ok).toBe(false);
    }
    advance(1000); // 5 s after the big reply's second
    expect((await stub.getRecords(ref, 10, 10, true)).ok).toBe(true);
  });

  it('off (the default) never throttles reads', async () => {
    const { ref, stub } = await shard();
    await stub.put(ref, batch(0, 1));
    for (let i = 0; i < 20; i++) expect((await stub.getRecords(ref, 0, 10)).ok).toBe(true);
  });
});
