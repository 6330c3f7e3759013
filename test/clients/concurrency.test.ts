// Many producers at once on ONE shard, through 16 separate SDK v3 clients (each its own connection pool): every
// acknowledged record is stored exactly once, in sequence-number order, with each producer's own order kept.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CreateStreamCommand, KinesisClient, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { startServer, type Server } from './server';
import { kinesisClient, readShard, text, uniqueName, waitForActive } from './sdk';

const PRODUCERS = 16;
const PER_PRODUCER = 50;
/** Producers from this index on send PutRecords batches of BATCH instead of single PutRecord calls. */
const BATCHING_FROM = 12;
const BATCH = 10;

let server: Server;
let clients: KinesisClient[];

beforeAll(async () => {
  server = await startServer({ createStreamMs: 0, deleteStreamMs: 0 });
  clients = Array.from({ length: PRODUCERS }, () => kinesisClient(server.url));
});
afterAll(async () => {
  for (const c of clients ?? []) c.destroy();
  await server?.stop();
});

interface Ack {
  data: string;
  seq: bigint;
  shardId: string;
}

/** One producer: sends p<i>-0 .. p<i>-49 in order, each request after the previous one was acknowledged. */
async function produce(client: KinesisClient, stream: string, i: number): Promise<Ack[]> {
  const acks: Ack[] = [];
  if (i < BATCHING_FROM) {
    for (let n = 0; n < PER_PRODUCER; n++) {
      const data = `p${i}-${n}`;
      const out = await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `producer-${i}`, Data: Buffer.from(data) }));
      acks.push({ data, seq: BigInt(out.SequenceNumber!), shardId: out.ShardId! });
    }
  } else {
    for (let n = 0; n < PER_PRODUCER; n += BATCH) {
      const datas = Array.from({ length: BATCH }, (_, k) => `p${i}-${n + k}`);
      const out = await client.send(
        new PutRecordsCommand({ StreamName: stream, Records: datas.map((d) => ({ PartitionKey: `producer-${i}`, Data: Buffer.from(d) })) }),
      );
      expect(out.FailedRecordCount).toBe(0);
      out.Records!.forEach((r, k) => acks.push({ data: datas[k], seq: BigInt(r.SequenceNumber!), shardId: r.ShardId! }));
    }
  }
  return acks;
}

describe('concurrent producers on one shard', () => {
  test('every acknowledged record is read back once, sequence numbers strictly increase, each producer keeps its order', async () => {
    const stream = uniqueName('concurrent');
    await clients[0].send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
    await waitForActive(clients[0], { StreamName: stream });

    const perProducer = await Promise.all(clients.map((c, i) => produce(c, stream, i)));
    const acks = perProducer.flat();
    expect(acks).toHaveLength(PRODUCERS * PER_PRODUCER);
    expect(new Set(acks.map((a) => a.shardId))).toEqual(new Set(['shardId-000000000000']));
    // Acknowledged sequence numbers are unique, and increase along each producer's own sends.
    expect(new Set(acks.map((a) => a.seq)).size).toBe(acks.length);
    for (const mine of perProducer) for (let n = 1; n < mine.length; n++) expect(mine[n].seq > mine[n - 1].seq).toBe(true);

    const { records } = await readShard(
      clients[0],
      { StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' },
      { enough: (rs) => rs.length >= acks.length },
    );
    expect(records).toHaveLength(acks.length);
    const seqs = records.map((r) => BigInt(r.SequenceNumber!));
    for (let k = 1; k < seqs.length; k++) {
      if (!(seqs[k] > seqs[k - 1])) expect.fail(`sequence number ${seqs[k]} at ${k} is not above ${seqs[k - 1]}`);
    }

    // Exactly every acknowledged record once, found under its acknowledged sequence number with its data.
    const read = new Map(records.map((r) => [BigInt(r.SequenceNumber!), text(r.Data)]));
    expect(read.size).toBe(records.length);
    const missing = acks.filter((a) => read.get(a.seq) !== a.data);
    expect(missing).toEqual([]);
    expect(new Set(records.map((r) => text(r.Data))).size).toBe(acks.length);

    // Read order keeps each producer's send order.
    const order = new Map<number, number[]>();
    for (const r of records) {
      const [, i, n] = /^p(\d+)-(\d+)$/.exec(text(r.Data))!.map(Number);
      const seen = order.get(i) ?? [];
      seen.push(n);
      order.set(i, seen);
    }
    const expected = Array.from({ length: PER_PRODUCER }, (_, n) => n);
    for (let i = 0; i < PRODUCERS; i++) expect(order.get(i)).toEqual(expected);
  });
});
