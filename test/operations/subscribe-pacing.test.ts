// SubscribeToShard under THROTTLE=aws: enhanced fan-out's "up to 2 MiB per second for every shard you subscribe to"
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html). 5 MiB written before
// subscribing from TRIM_HORIZON arrive in whole fake-clock seconds of at most 2 MiB each, every record once and in
// order, with MillisBehindLatest telling how far behind the paced reader is; off, they arrive in one event.
// The app is called with this suite's env; time is the fake clock's, moved by the test (no sleeps: polls with a deadline).
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import type { Env } from '../../src/env';
import { shardObjectName } from '../../src/objects/names';
import type { ShardObject } from '../../src/objects/shard-object';
import { JSON_11, TARGET_PREFIX, advance, bindings, createActiveStream, freshStart, kinesis, ok, restoreClock, shardId, signatureHeaders } from '../helpers/kinesis';
import { FrameReader, activeConsumer, streamCreatedAt, subscribersOf, until } from './subscribe-to-shard-helpers';

beforeEach(freshStart);
afterEach(() => restoreClock());

const MiB = 1024 * 1024;
const RATE = 2 * MiB; // AWS's number, written out here
const COUNT = 20;
const DATA_BYTES = 256 * 1024; // 20 records of 256 KiB: 5 MiB of data
const key = (i: number) => `k${String(i).padStart(2, '0')}`; // 3 bytes each

/** SubscribeToShard through the app with `vars` over the test bindings; the reader positioned after initial-response. */
async function subscribeWith(vars: Partial<Env>, consumerArn: string): Promise<FrameReader> {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request('http://kinesis.test/', {
      method: 'POST',
      headers: { 'X-Amz-Target': `${TARGET_PREFIX}.SubscribeToShard`, 'Content-Type': JSON_11, ...signatureHeaders() },
      body: JSON.stringify({ ConsumerARN: consumerArn, ShardId: shardId(0), StartingPosition: { Type: 'TRIM_HORIZON' } }),
    }),
    { ...bindings, ...vars } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  if (res.status !== 200) throw new Error(`SubscribeToShard answered ${res.status}: ${await res.text()}`);
  const reader = new FrameReader(res.body!);
  expect((await reader.next())!.headers[':event-type']).toBe('initial-response');
  return reader;
}

/** A stream with a consumer and 5 MiB on its one shard, written with THROTTLE off (AWS's write rate is 1 MiB/s). */
async function fiveMiB(name: string): Promise<string> {
  await createActiveStream(name, 1);
  const arn = await activeConsumer(name);
  const records = Array.from({ length: COUNT }, (_, i) => ({ PartitionKey: key(i), Data: Buffer.alloc(DATA_BYTES, i).toString('base64') }));
  expect(ok(await kinesis('PutRecords', { StreamName: name, Records: records })).FailedRecordCount).toBe(0);
  return arn;
}

interface Received {
  key: string;
  bytes: number;
  seq: string;
  /** How many times the test had moved the clock by a second when the record's event arrived. */
  step: number;
  millisBehindLatest: number;
  /** The last record of its event. */
  lastOfEvent: boolean;
}

describe('SubscribeToShard pacing (THROTTLE=aws)', () => {
  it('delivers 5 MiB in whole-second steps of at most 2 MiB, every record once and in order', async () => {
    const arn = await fiveMiB('efo-paced');
    const shard = bindings.SHARD.getByName(shardObjectName({ account: '000000000000', region: 'us-east-1' }, 'efo-paced', await streamCreatedAt('efo-paced'), 0));
    const reader = await subscribeWith({ THROTTLE: 'aws' }, arn);

    const got: Received[] = [];
    let step = 0;
    let cancelled = false;
    const pump = (async () => {
      for (;;) {
        const f = await reader.next();
        if (!f) return;
        const records: { PartitionKey: string; Data: string; SequenceNumber: string }[] = f.json?.Records ?? [];
        records.forEach((r, i) => got.push({
          key: r.PartitionKey, bytes: Buffer.from(r.Data, 'base64').byteLength + r.PartitionKey.length, seq: r.SequenceNumber, step,
          millisBehindLatest: f.json.MillisBehindLatest, lastOfEvent: i === records.length - 1,
        }));
      }
    })().catch((err) => {
      // Cancelling the reader at the end rejects its pending read; anything else fails the test.
      if (!cancelled) throw err;
    });

    /** The subscription waits for its next second and the reader holds everything it sent. */
    const settled = () => runInDurableObject(shard, (o: ShardObject) => {
      const sub = [...(subscribersOf(o) as unknown as { active: Map<string, { at: number; paced: boolean }> }).active.values()][0];
      const last = got[got.length - 1];
      if (!sub || !last) return false;
      const sql = (o as unknown as { ctx: DurableObjectState }).ctx.storage.sql;
      const counter = sql.exec<{ counter: number }>('SELECT counter FROM records WHERE seq = ?', last.seq).one().counter;
      return sub.paced && sub.at === counter;
    });
    const bytesOf = (s: number) => got.filter((r) => r.step === s).reduce((n, r) => n + r.bytes, 0);

    // The first second: some records, at most 2 MiB of them, and the subscription waits for the clock.
    expect(await until(settled)).toBe(true);
    expect(bytesOf(0)).toBeGreaterThan(0);
    expect(bytesOf(0)).toBeLessThanOrEqual(RATE);
    expect(got.length).toBeLessThan(COUNT);

    // Each later second: at most 2 MiB more, until everything arrived (5 MiB need at least three seconds).
    while (got.length < COUNT && step < 10) {
      step++;
      const before = got.length;
      advance(1000);
      expect(await until(async () => got.length === COUNT || (got.length > before && (await settled())))).toBe(true);
      expect(bytesOf(step)).toBeLessThanOrEqual(RATE);
    }
    expect(step).toBeGreaterThanOrEqual(2);
    expect(got.map((r) => r.key)).toEqual(Array.from({ length: COUNT }, (_, i) => key(i)));
    expect(new Set(got.map((r) => r.seq)).size).toBe(COUNT);

    // A paced reader falls behind: its events tell by how much (records were written at the clock's step 0), and
    // the last one, at the tip, says 0.
    for (const r of got.filter((x) => x.lastOfEvent)) {
      expect(r.millisBehindLatest).toBe(r === got[got.length - 1] ? 0 : r.step * 1000);
    }
    cancelled = true;
    await reader.cancel();
    await pump;
  });

  it('a subscription that ends while it waits for its next second (lifetime, takeover) closes its stream, clock unmoved', async () => {
    const arn = await fiveMiB('efo-end');
    const shard = bindings.SHARD.getByName(shardObjectName({ account: '000000000000', region: 'us-east-1' }, 'efo-end', await streamCreatedAt('efo-end'), 0));
    const active = (o: ShardObject) => [...(subscribersOf(o) as unknown as { active: Map<string, { paced: boolean; end(): void }> }).active.values()][0];
    const reader = await subscribeWith({ THROTTLE: 'aws' }, arn);
    let records = (await reader.nextWithRecords())!.json.Records.length;
    expect(await until(() => runInDurableObject(shard, (o: ShardObject) => active(o)?.paced === true))).toBe(true);
    // What end() does for the lifetime timer and for a takeover.
    await runInDurableObject(shard, (o: ShardObject) => active(o)!.end());
    for (let f = await reader.next(); f !== null; f = await reader.next()) records += f.json?.Records?.length ?? 0;
    expect(records).toBeLessThan(COUNT);
    expect(await runInDurableObject(shard, (o: ShardObject) => subscribersOf(o).size)).toBe(0);
  });

  it('off: the same 5 MiB arrive in one event at once', async () => {
    const arn = await fiveMiB('efo-off');
    const reader = await subscribeWith({}, arn);
    const event = (await reader.nextWithRecords())!;
    expect(event.json.Records.map((r: { PartitionKey: string }) => r.PartitionKey)).toEqual(Array.from({ length: COUNT }, (_, i) => key(i)));
    expect(event.json.MillisBehindLatest).toBe(0);
    await reader.cancel();
  });
});
