// A continuous producer for the lineage suites: PutRecords batches until stopped, each record's data `<key>:<n>[:pad]`
// with n counting per partition key from 0, so a reader can check exactly-once and per-key order against what was
// acknowledged. Any record the server does not acknowledge fails it: none may fail in these suites.
import { PutRecordsCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import { expect } from 'vitest';
import { poll } from '../sdk';

export function producer(client: KinesisClient, StreamName: string, keys: string[], opts: { batch: number; pad?: string }) {
  const next = new Map(keys.map((k) => [k, 0]));
  let acked = 0;
  let stopping = false;
  const suffix = opts.pad === undefined ? '' : `:${opts.pad}`;
  const done = (async () => {
    while (!stopping) {
      const batch = Array.from({ length: opts.batch }, (_, i) => {
        const key = keys[(acked + i) % keys.length];
        const n = next.get(key)!;
        next.set(key, n + 1);
        return { PartitionKey: key, Data: Buffer.from(`${key}:${n}${suffix}`) };
      });
      const out = await client.send(new PutRecordsCommand({ StreamName, Records: batch }));
      if (out.FailedRecordCount !== 0) throw new Error(`records not acknowledged: ${JSON.stringify(out.Records?.filter((r) => r.ErrorCode))}`);
      acked += batch.length;
    }
  })();
  return { acked: () => acked, perKey: () => new Map(next), stop: async () => ((stopping = true), await done) };
}

/** What a reader saw, per key, in arrival order: the n of each record (the record's own key checked too). */
export function tally(check: (partitionKey: string | undefined, key: string) => void) {
  const seen = new Map<string, number[]>();
  return {
    seen,
    onRecord: (r: _Record) => {
      const [key, n] = Buffer.from(r.Data!).toString('utf8').split(':');
      check(r.PartitionKey, key);
      (seen.get(key) ?? seen.set(key, []).get(key)!).push(Number(n));
    },
    processed: () => [...seen.values()].reduce((a, l) => a + l.length, 0),
  };
}

/**
 * Stops the producer, waits (deadline, no sleep) until the reader has processed as many records as were acknowledged,
 * stops the reader, and holds what it saw to exactly that: every acknowledged record once, in per-key order.
 */
export async function drainAndCheck(
  produce: ReturnType<typeof producer>,
  reader: { stop(): Promise<void>; failed(): unknown },
  seen: ReturnType<typeof tally>,
): Promise<void> {
  await produce.stop();
  const total = produce.acked();
  await poll(`all ${total} records processed`, async () => {
    if (reader.failed()) throw reader.failed();
    return seen.processed() >= total ? true : undefined;
  }, 60_000, 10);
  await reader.stop();
  expect(seen.processed()).toBe(total);
  for (const [key, count] of produce.perKey()) {
    expect(seen.seen.get(key) ?? [], `records of ${key}`).toEqual(Array.from({ length: count }, (_, i) => i));
  }
}
