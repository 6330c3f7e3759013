// On-demand scaling through the SDK v3 against a started server: a 1-shard stream switched to ON_DEMAND with
// UpdateStreamMode grows by itself once a producer writes above one shard's split rate (500 KiB/s,
// https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html) for the sustained window, and a
// lineage-following reader (GetRecords) reads every acknowledged record exactly once, in per-key order, across the
// splits.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CreateStreamCommand, DescribeStreamSummaryCommand, ListShardsCommand, UpdateStreamModeCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { startServer, type Server } from './server';
import { kinesisClient, poll, uniqueName, waitForActive } from './sdk';
import { drainAndCheck, producer as produceTo, tally } from './lineage/producer';
import { newLineage, runReader } from './lineage/reader';
import { getRecordsSource } from './lineage/get-records-source';

const KEYS = Array.from({ length: 16 }, (_, i) => `key-${i}`);
// 200 records of ~3 KiB: ~600 KiB per call, so even a slow machine's producer passes 500 KiB/s with a call or two a second.
const PAD = 'x'.repeat(3000);
let server: Server;
let client: KinesisClient;

beforeAll(async () => {
  server = await startServer({ ignoreExternal: true, createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 300, args: ['--in-memory'] });
  client = kinesisClient(server.url);
});
afterAll(async () => {
  client?.destroy();
  await server?.stop();
});


test('an on-demand stream grows under a producer above one shard\'s rate; every record read exactly once in per-key order', async () => {
  const StreamName = uniqueName('on-demand');
  await client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
  await waitForActive(client, { StreamName });
  const StreamARN = (await client.send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary!.StreamARN!;
  await client.send(new UpdateStreamModeCommand({ StreamARN, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
  await waitForActive(client, { StreamName });

  const seen = tally((partitionKey, key) => expect(partitionKey).toBe(key));
  const { onRecord } = seen;
  const lineage = newLineage();
  const reader = runReader(client, StreamName, getRecordsSource(client, StreamName), lineage, onRecord);
  const produce = produceTo(client, StreamName, KEYS, { batch: 200, pad: PAD });
  const openShards = async () => (await client.send(new ListShardsCommand({ StreamName, ShardFilter: { Type: 'AT_LATEST' } }))).Shards ?? [];
  // No sleeps: the condition is polled with a deadline (the window is 5 s; allow a slow machine plenty).
  await poll('the on-demand stream to split its shard', async () => ((await openShards()).length >= 2 ? true : undefined), 60_000, 100);
  const atSplit = produce.acked();
  await poll('records written after the split', async () => (produce.acked() >= atSplit + 1000 ? true : undefined), 30_000, 10);
  await drainAndCheck(produce, reader, seen);

  expect(lineage.finished.has('shardId-000000000000')).toBe(true);
  const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary!;
  expect(summary.StreamModeDetails?.StreamMode).toBe('ON_DEMAND');
  expect(summary.OpenShardCount).toBeGreaterThanOrEqual(2);
  expect(summary.WarmThroughput?.CurrentMiBps).toBe(summary.OpenShardCount);
  expect(server.output().stderr).not.toMatch(/InternalFailure/);
}, 180_000);
