// The AWS SDK for JavaScript v3 (HTTP/1.1 through NodeHttpHandler) against each target of ./flow/targets.ts (ours in
// memory, ours persisted, or KINESIS_EDGE_FLOW_URL): the shared core flow, then every operation the server has, as
// a user calls it, with values compared against what the server itself returned.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AddTagsToStreamCommand, CreateStreamCommand, DeleteStreamCommand, DescribeStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, ListStreamsCommand, ListTagsForStreamCommand } from '@aws-sdk/client-kinesis';
import { PutRecordCommand, PutRecordsCommand, RemoveTagsFromStreamCommand, ResourceNotFoundException, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import type { _Record, Shard } from '@aws-sdk/client-kinesis';
import { createHash, randomBytes } from 'node:crypto';
import { coreFlow, expectFlowReport } from './flow/core';
import { flowTargets, type Running } from './flow/targets';
import { kinesisClient, readShard, uniqueName, waitForActive, waitForGone } from './sdk';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const HASH_MAX = (1n << 128n) - 1n;

// The running target's server and client: the targets' blocks run one after another, each setting these first.
let server: Running;
let kinesis: KinesisClient;

const arnOf = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;
const md5Key = (partitionKey: string) => BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
const shardFor = (shards: Shard[], key: bigint) =>
  shards.find((s) => BigInt(s.HashKeyRange!.StartingHashKey!) <= key && key <= BigInt(s.HashKeyRange!.EndingHashKey!))!.ShardId!;
const seq = (r: { SequenceNumber?: string }) => BigInt(r.SequenceNumber!);
const bytes = (r: _Record) => Buffer.from(r.Data!);

async function createActive(StreamName: string, extra: Omit<ConstructorParameters<typeof CreateStreamCommand>[0], 'StreamName'> = { ShardCount: 1 }) {
  await kinesis.send(new CreateStreamCommand({ StreamName, ...extra }));
  return waitForActive(kinesis, { StreamName });
}

async function listAllShards(input: { StreamName?: string; StreamARN?: string }): Promise<Shard[]> {
  const out = await kinesis.send(new ListShardsCommand(input));
  expect(out.NextToken).toBeUndefined();
  return out.Shards!;
}

describe.each(flowTargets())('$name', (target) => {
  beforeAll(async () => {
    server = await target.start();
    kinesis = kinesisClient(server.url, { region: REGION });
  });
  afterAll(async () => {
    kinesis?.destroy();
    await server?.stop();
  });

  test.runIf(target.storage)('the server keeps its streams where the target says', () => {
    expect(server.stdout()).toMatch(target.storage!);
  });

  test('the core flow runs end to end: create, list, describe, put, read back, tag, change retention, delete', async () => {
    const name = uniqueName('sdk-flow');
    expectFlowReport(await coreFlow(kinesis, name), name, 'NodeHttpHandler');
  });

  describe('streams', () => {
    test('CreateStream with Tags makes a PROVISIONED stream, and waitUntilStreamExists, DescribeStream and DescribeStreamSummary report it', async () => {
      const name = uniqueName('sdk-tags');
      const before = Date.now();
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2, Tags: { team: 'data', env: 'test' } }));
      const waited = await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { StreamName: name });
      expect(waited.state).toBe('SUCCESS');

      // What DescribeStream and DescribeStreamSummary both say of a new stream.
      const both = { StreamName: name, StreamARN: arnOf(name), StreamStatus: 'ACTIVE', StreamModeDetails: { StreamMode: 'PROVISIONED' }, RetentionPeriodHours: 24, EncryptionType: 'NONE' };
      const { StreamDescription: d } = await kinesis.send(new DescribeStreamCommand({ StreamName: name }));
      expect(d).toMatchObject({ ...both, HasMoreShards: false, EnhancedMonitoring: [{ ShardLevelMetrics: [] }] });
      expect(d!.StreamCreationTimestamp!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      expect(d!.StreamCreationTimestamp!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      const half = (1n << 128n) / 2n;
      expect(d!.Shards!.map((s) => [s.ShardId, s.HashKeyRange, s.ParentShardId, s.SequenceNumberRange!.EndingSequenceNumber])).toEqual([
        ['shardId-000000000000', { StartingHashKey: '0', EndingHashKey: String(half - 1n) }, undefined, undefined],
        ['shardId-000000000001', { StartingHashKey: String(half), EndingHashKey: String(HASH_MAX) }, undefined, undefined],
      ]);
      for (const s of d!.Shards!) expect(s.SequenceNumberRange!.StartingSequenceNumber).toMatch(/^[1-9]\d*$/);

      const { StreamDescriptionSummary: sum } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      expect(sum).toMatchObject({ ...both, OpenShardCount: 2, ConsumerCount: 0 });
      expect(sum!.StreamCreationTimestamp).toEqual(d!.StreamCreationTimestamp);

      const tags = await kinesis.send(new ListTagsForStreamCommand({ StreamName: name }));
      expect(tags.Tags).toEqual([
        { Key: 'env', Value: 'test' },
        { Key: 'team', Value: 'data' },
      ]);
      expect(tags.HasMoreTags).toBe(false);
    });

    test('CreateStream ON_DEMAND makes 4 shards splitting the hash key space evenly', async () => {
      const name = uniqueName('sdk-ondemand');
      const summary = await createActive(name, { StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
      expect(summary.StreamModeDetails).toEqual({ StreamMode: 'ON_DEMAND' });
      expect(summary.OpenShardCount).toBe(4);
      const size = (1n << 128n) / 4n;
      const shards = await listAllShards({ StreamName: name });
      expect(shards.map((s) => [s.ShardId, s.HashKeyRange!.StartingHashKey, s.HashKeyRange!.EndingHashKey])).toEqual(
        [0n, 1n, 2n, 3n].map((i) => [`shardId-00000000000${i}`, String(i * size), String(i === 3n ? HASH_MAX : (i + 1n) * size - 1n)]),
      );
    });

    test('ListStreams returns names in byte order, paged by Limit and NextToken, and by ExclusiveStartStreamName', async () => {
      const prefix = uniqueName('sdk-list');
      const mine = [`${prefix}-b`, `${prefix}-a`, `${prefix}-C`];
      await Promise.all(mine.map((n) => kinesis.send(new CreateStreamCommand({ StreamName: n, ShardCount: 1 }))));

      const names: string[] = [];
      let page = await kinesis.send(new ListStreamsCommand({ Limit: 2 }));
      let pages = 1;
      for (;;) {
        expect(page.StreamNames!.length).toBeLessThanOrEqual(2);
        expect(page.StreamSummaries!.map((s) => s.StreamName)).toEqual(page.StreamNames);
        names.push(...page.StreamNames!);
        if (!page.HasMoreStreams) break;
        expect(page.NextToken).toEqual(expect.any(String));
        page = await kinesis.send(new ListStreamsCommand({ NextToken: page.NextToken, Limit: 2 }));
        pages++;
      }
      expect(page.NextToken).toBeUndefined();
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      expect(names.filter((n) => n.startsWith(prefix))).toEqual([`${prefix}-C`, `${prefix}-a`, `${prefix}-b`]);

      const summaries = (await kinesis.send(new ListStreamsCommand({ ExclusiveStartStreamName: `${prefix}-C`, Limit: 1 })));
      expect(summaries.StreamNames).toEqual([`${prefix}-a`]);
      expect(summaries.HasMoreStreams).toBe(true);
      expect(summaries.StreamSummaries![0]).toMatchObject({ StreamName: `${prefix}-a`, StreamARN: arnOf(`${prefix}-a`), StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    });

    test('ListShards pages with MaxResults and NextToken, and ShardFilter AT_LATEST lists every open shard (by StreamARN)', async () => {
      const name = uniqueName('sdk-shards');
      await createActive(name, { ShardCount: 4 });
      const first = await kinesis.send(new ListShardsCommand({ StreamARN: arnOf(name), MaxResults: 3 }));
      expect(first.Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
      expect(first.NextToken).toEqual(expect.any(String));
      const second = await kinesis.send(new ListShardsCommand({ NextToken: first.NextToken, MaxResults: 3 }));
      expect(second.Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000003']);
      expect(second.NextToken).toBeUndefined();

      const latest = await kinesis.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AT_LATEST' } }));
      expect(latest.Shards).toEqual([...first.Shards!, ...second.Shards!]);
    });

    test('AddTagsToStream, ListTagsForStream (sorted, Limit, ExclusiveStartTagKey) and RemoveTagsFromStream', async () => {
      const name = uniqueName('sdk-tagging');
      await createActive(name);
      await kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { zeta: '26', alpha: '1', mid: '' } }));
      await kinesis.send(new AddTagsToStreamCommand({ StreamARN: arnOf(name), Tags: { alpha: 'one' } }));
      const all = await kinesis.send(new ListTagsForStreamCommand({ StreamName: name }));
      expect(all).toMatchObject({ Tags: [{ Key: 'alpha', Value: 'one' }, { Key: 'mid', Value: '' }, { Key: 'zeta', Value: '26' }], HasMoreTags: false });

      const firstPage = await kinesis.send(new ListTagsForStreamCommand({ StreamName: name, Limit: 2 }));
      expect(firstPage).toMatchObject({ Tags: [{ Key: 'alpha', Value: 'one' }, { Key: 'mid', Value: '' }], HasMoreTags: true });
      const rest = await kinesis.send(new ListTagsForStreamCommand({ StreamName: name, ExclusiveStartTagKey: 'mid' }));
      expect(rest).toMatchObject({ Tags: [{ Key: 'zeta', Value: '26' }], HasMoreTags: false });

      await kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: ['alpha', 'zeta', 'absent'] }));
      const left = await kinesis.send(new ListTagsForStreamCommand({ StreamARN: arnOf(name) }));
      expect(left).toMatchObject({ Tags: [{ Key: 'mid', Value: '' }], HasMoreTags: false });
    });

    test('DeleteStream removes the stream: later calls get ResourceNotFoundException naming stream and account', async () => {
      const name = uniqueName('sdk-delete');
      await createActive(name);
      await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') }));
      await kinesis.send(new DeleteStreamCommand({ StreamName: name }));
      const gone = await waitForGone(kinesis, name);
      expect(gone.message).toBe(`Stream ${name} under account ${ACCOUNT} not found.`);
      expect(gone.$metadata.httpStatusCode).toBe(400);

      for (const call of [
        () => kinesis.send(new DescribeStreamCommand({ StreamName: name })),
        () => kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') })),
        () => kinesis.send(new DeleteStreamCommand({ StreamName: name })),
        () => kinesis.send(new ListTagsForStreamCommand({ StreamName: name })),
      ]) {
        const err = await call().then(() => undefined, (e) => e);
        expect(err).toBeInstanceOf(ResourceNotFoundException);
        expect(err.message).toBe(`Stream ${name} under account ${ACCOUNT} not found.`);
      }
      const listed = await kinesis.send(new ListStreamsCommand({ ExclusiveStartStreamName: name.slice(0, -1), Limit: 5 }));
      expect(listed.StreamNames).not.toContain(name);
    });
  });
  describe('records', () => {
    test('PutRecord with ExplicitHashKey goes to the shard whose hash range holds the key, on a 4-shard stream', async () => {
      const name = uniqueName('sdk-route');
      await createActive(name, { ShardCount: 4 });
      const shards = await listAllShards({ StreamName: name });
      const size = (1n << 128n) / 4n;
      const cases: Array<[bigint, string]> = [
        [0n, 'shardId-000000000000'],
        [size - 1n, 'shardId-000000000000'],
        [size, 'shardId-000000000001'],
        [2n * size + 12345n, 'shardId-000000000002'],
        [3n * size - 1n, 'shardId-000000000002'],
        [3n * size, 'shardId-000000000003'],
        [HASH_MAX, 'shardId-000000000003'],
      ];
      const acked: Record<string, string[]> = {};
      for (const [key, expected] of cases) {
        expect(shardFor(shards, key)).toBe(expected);
        // The same partition key every time: only ExplicitHashKey decides.
        const out = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'same', ExplicitHashKey: String(key), Data: Buffer.from(String(key)) }));
        expect(out.ShardId).toBe(expected);
        (acked[expected] ??= []).push(out.SequenceNumber!);
      }
      // Without ExplicitHashKey, MD5 of the partition key routes.
      for (const pk of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
        const out = await kinesis.send(new PutRecordCommand({ StreamARN: arnOf(name), PartitionKey: pk, Data: Buffer.from(pk) }));
        expect(out.ShardId).toBe(shardFor(shards, md5Key(pk)));
        (acked[out.ShardId!] ??= []).push(out.SequenceNumber!);
      }
      for (const shard of shards) {
        const { records } = await readShard(kinesis, { StreamName: name, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
        expect(records.map((r) => r.SequenceNumber)).toEqual(acked[shard.ShardId!] ?? []);
      }
    });

    test('PutRecords answers one result per record in request order, FailedRecordCount 0, and each lands on its shard', async () => {
      const name = uniqueName('sdk-batch');
      await createActive(name, { ShardCount: 3 });
      const shards = await listAllShards({ StreamName: name });
      const entries = Array.from({ length: 30 }, (_, i) => ({ PartitionKey: `key-${i}`, Data: Buffer.from(`batch-${i}`) }));
      const out = await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: entries }));
      expect(out.FailedRecordCount).toBe(0);
      expect(out.Records).toHaveLength(entries.length);
      out.Records!.forEach((r, i) => {
        expect(r.ErrorCode).toBeUndefined();
        expect(r.ShardId).toBe(shardFor(shards, md5Key(entries[i].PartitionKey)));
        expect(r.SequenceNumber).toMatch(/^[1-9]\d*$/);
      });
      for (const shard of shards) {
        const sent = out.Records!.map((r, i) => ({ ...r, i })).filter((r) => r.ShardId === shard.ShardId);
        // Within one shard, sequence numbers follow request order.
        for (let k = 1; k < sent.length; k++) expect(seq(sent[k])).toBeGreaterThan(seq(sent[k - 1]));
        const { records } = await readShard(kinesis, { StreamName: name, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
        expect(records.map((r) => [r.SequenceNumber, r.PartitionKey, bytes(r).toString()])).toEqual(
          sent.map((r) => [r.SequenceNumber, `key-${r.i}`, `batch-${r.i}`]),
        );
      }
    });

    test('GetRecords returns random binary data byte for byte, honours Limit, hands out new iterators, and is 0 ms behind when caught up', async () => {
      const name = uniqueName('sdk-bytes');
      await createActive(name);
      const blobs = [Buffer.from([0x00]), Buffer.from([0xff]), Buffer.from([0x00, 0xff, 0x00, 0xff]), randomBytes(1), randomBytes(255), randomBytes(4096), randomBytes(200_000)];
      blobs[5][0] = 0x00;
      blobs[5][4095] = 0xff;
      const put = await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: blobs.map((Data, i) => ({ Data, PartitionKey: `b${i}` })) }));
      expect(put.FailedRecordCount).toBe(0);

      let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
      const sizes: number[] = [];
      const got: _Record[] = [];
      const iterators = new Set([iterator]);
      for (;;) {
        const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 3 }));
        sizes.push(page.Records!.length);
        got.push(...page.Records!);
        iterator = page.NextShardIterator!;
        expect(iterators.has(iterator)).toBe(false);
        iterators.add(iterator);
        if (page.Records!.length === 0) {
          expect(page.MillisBehindLatest).toBe(0);
          break;
        }
      }
      expect(sizes).toEqual([3, 3, 1, 0]);
      expect(got.map((r) => r.SequenceNumber)).toEqual(put.Records!.map((r) => r.SequenceNumber));
      got.forEach((r, i) => {
        expect(bytes(r).equals(blobs[i])).toBe(true);
        expect(r.PartitionKey).toBe(`b${i}`);
        expect(r.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
        expect(Math.abs(r.ApproximateArrivalTimestamp!.getTime() - Date.now())).toBeLessThan(60_000);
      });
    });

    test('GetShardIterator of each type starts where AWS says: TRIM_HORIZON, AT/AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP and LATEST', async () => {
      const name = uniqueName('sdk-iterators');
      await createActive(name);
      const ShardId = 'shardId-000000000000';
      const acked: string[] = [];
      for (let i = 0; i < 5; i++) {
        acked.push((await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from(`r${i}`) }))).SequenceNumber!);
      }
      const data = (rs: _Record[]) => rs.map((r) => bytes(r).toString());

      const all = (await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'TRIM_HORIZON' })).records;
      expect(all.map((r) => r.SequenceNumber)).toEqual(acked);
      expect(data(all)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);

      const at = await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: acked[2] });
      expect(data(at.records)).toEqual(['r2', 'r3', 'r4']);
      const after = await readShard(kinesis, { StreamARN: arnOf(name), ShardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: acked[2] });
      expect(data(after.records)).toEqual(['r3', 'r4']);
      const afterLast = await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: acked[4] });
      expect(afterLast.records).toEqual([]);

      // AT_TIMESTAMP starts at the first record that arrived at or after the time.
      const t = all[2].ApproximateArrivalTimestamp!;
      const fromT = await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: t });
      const firstAtOrAfter = all.findIndex((r) => r.ApproximateArrivalTimestamp!.getTime() >= t.getTime());
      expect(firstAtOrAfter).toBeLessThanOrEqual(2);
      expect(fromT.records.map((r) => r.SequenceNumber)).toEqual(acked.slice(firstAtOrAfter));
      const fromPast = await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(Date.now() - 3_600_000) });
      expect(fromPast.records.map((r) => r.SequenceNumber)).toEqual(acked);
      const afterAll = new Date(all[4].ApproximateArrivalTimestamp!.getTime() + 1);
      const fromEnd = await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: afterAll });
      expect(fromEnd.records).toEqual([]);

      // LATEST sees nothing old, then exactly what is written after it.
      const latest = await readShard(kinesis, { StreamName: name, ShardId, ShardIteratorType: 'LATEST' });
      expect(latest.records).toEqual([]);
      const late = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('late') }));
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: latest.nextIterator }));
      expect(page.Records!.map((r) => [r.SequenceNumber, bytes(r).toString()])).toEqual([[late.SequenceNumber, 'late']]);
      expect(page.MillisBehindLatest).toBe(0);
      // fromEnd's iterator was taken before the late record, so it sees it too.
      const endPage = await kinesis.send(new GetRecordsCommand({ ShardIterator: fromEnd.nextIterator }));
      expect(endPage.Records!.map((r) => r.SequenceNumber)).toEqual([late.SequenceNumber]);
    });
  });
});
