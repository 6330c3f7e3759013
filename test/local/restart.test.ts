// `kinesis-edge` keeps its data across a restart: stop by SIGTERM, start again on the same --path, and every
// stream, setting and record (sequence numbers, bytes, partition keys, arrival times) is still there.
import { afterAll, describe, expect, test } from 'vitest';
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type Server } from '../clients/server';
import { kinesisClient, readShard, waitForActive } from '../clients/sdk';

const servers: Server[] = [];
let dataDir: string | undefined;

afterAll(async () => {
  for (const s of servers) await s.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const snapshot = (records: _Record[]) =>
  records.map((r) => ({ seq: r.SequenceNumber, pk: r.PartitionKey, data: Buffer.from(r.Data!).toString('hex'), at: r.ApproximateArrivalTimestamp!.getTime() }));

describe('restart', () => {
  test('records, streams and settings written before a SIGTERM are read back intact after starting again on the same data directory', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinesis-edge-restart-'));
    const name = 'durable';
    const shards = ['shardId-000000000000', 'shardId-000000000001'];

    // First life: write binary records to two shards, change retention and tags.
    const first = await startServer({ dataDir, createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true });
    servers.push(first);
    let kinesis = kinesisClient(first.url);
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2, Tags: { owner: 'restart-test' } }));
    await waitForActive(kinesis, { StreamName: name });
    await kinesis.send(new CreateStreamCommand({ StreamName: 'second', ShardCount: 1 }));
    await kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 72 }));
    await kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { stage: 'one' } }));

    const blobs = Array.from({ length: 40 }, (_, i) => {
      const b = randomBytes(1 + ((i * 97) % 3000));
      if (i % 2 === 0) b[0] = 0x00;
      b[b.length - 1] = 0xff;
      return b;
    });
    for (let i = 0; i < blobs.length; i += 10) {
      const out = await kinesis.send(
        new PutRecordsCommand({ StreamName: name, Records: blobs.slice(i, i + 10).map((Data, k) => ({ Data, PartitionKey: `pk-${i + k}` })) }),
      );
      expect(out.FailedRecordCount).toBe(0);
    }
    const before = new Map<string, ReturnType<typeof snapshot>>();
    for (const ShardId of shards) {
      before.set(ShardId, snapshot((await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'TRIM_HORIZON' })).records));
    }
    expect([...before.values()].flat()).toHaveLength(blobs.length);
    expect(before.get(shards[0])!.length).toBeGreaterThan(0);
    expect(before.get(shards[1])!.length).toBeGreaterThan(0);
    const summaryBefore = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    const iteratorBefore = (await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shards[0], ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
    kinesis.destroy();

    const exit = await first.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.output().stdout).toContain('kinesis-edge stopped (SIGTERM)');

    // Second life on the same directory.
    const second = await startServer({ dataDir, createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true });
    servers.push(second);
    kinesis = kinesisClient(second.url);
    expect((await kinesis.send(new ListStreamsCommand({}))).StreamNames).toEqual([name, 'second']);
    const summaryAfter = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    expect(summaryAfter).toEqual(summaryBefore);
    expect(summaryAfter.RetentionPeriodHours).toBe(72);
    expect((await kinesis.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags).toEqual([
      { Key: 'owner', Value: 'restart-test' },
      { Key: 'stage', Value: 'one' },
    ]);

    for (const ShardId of shards) {
      const after = snapshot((await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'TRIM_HORIZON' })).records);
      expect(after).toEqual(before.get(ShardId));
    }
    // Every blob, byte for byte, under its partition key.
    const all = [...before.values()].flat();
    blobs.forEach((b, i) => expect(all.find((r) => r.pk === `pk-${i}`)?.data).toBe(b.toString('hex')));

    // An iterator handed out before the restart still reads (it is younger than 5 minutes).
    const viaOld = await kinesis.send(new GetRecordsCommand({ ShardIterator: iteratorBefore }));
    expect(snapshot(viaOld.Records!)).toEqual(before.get(shards[0]));

    // The sequence continues: a new record on each shard sorts after everything written before the restart.
    for (const [i, ShardId] of shards.entries()) {
      const last = before.get(ShardId)!.at(-1)!.seq!;
      const out = await kinesis.send(
        new PutRecordCommand({ StreamName: name, PartitionKey: 'x', ExplicitHashKey: i === 0 ? '0' : String((1n << 128n) - 1n), Data: Buffer.from('after') }),
      );
      expect(out.ShardId).toBe(ShardId);
      expect(BigInt(out.SequenceNumber!)).toBeGreaterThan(BigInt(last));
    }
    kinesis.destroy();
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
