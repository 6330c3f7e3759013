// A lineage-following reader (SDK v3, checkpoints by sequence number) reads every acknowledged record exactly once and
// in per-partition-key order while a continuous producer writes and the stream is scaled 1 -> 2 -> 4 -> 2 shards with
// UpdateShardCount (AWS allows at most doubling per call, so 1 -> 4 takes two). Midway the reader is stopped and a new
// one resumes from the checkpoints, as a restarted application would.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CreateStreamCommand, DescribeStreamConsumerCommand, DescribeStreamSummaryCommand, KinesisClient, ListShardsCommand, RegisterStreamConsumerCommand,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { startServer, type Server } from './server';
import { kinesisClient, poll, uniqueName, waitForActive } from './sdk';
import { drainAndCheck, producer as produceTo, tally } from './lineage/producer';
import { newLineage, runReader, type ShardSource } from './lineage/reader';
import { getRecordsSource } from './lineage/get-records-source';
import { subscribeSource } from './lineage/subscribe-source';

const KEYS = Array.from({ length: 16 }, (_, i) => `key-${i}`);
let server: Server;
let client: KinesisClient;
/** The SDK as users make it: its default handler speaks HTTP/2 (h2c here), which SubscribeToShard uses. */
let h2: KinesisClient;

beforeAll(async () => {
  server = await startServer({ ignoreExternal: true, createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 300, args: ['--in-memory'] });
  client = kinesisClient(server.url);
  h2 = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
});
afterAll(async () => {
  client?.destroy();
  h2?.destroy();
  await server?.stop();
});


async function scaleUnderLoad(source: (name: string) => Promise<ShardSource>) {
  const StreamName = uniqueName('lineage');
  await client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
  await waitForActive(client, { StreamName });
  const read = await source(StreamName);
  const seen = tally((partitionKey, key) => expect(partitionKey).toBe(key));
  const { onRecord } = seen;
  const lineage = newLineage();
  let reader = runReader(client, StreamName, read, lineage, onRecord);
  const produce = produceTo(client, StreamName, KEYS, { batch: 25 });
  const grow = async (by: number) => {
    const from = produce.acked();
    await poll(`${by} more records acknowledged`, async () => (produce.acked() >= from + by ? true : undefined), 30_000, 5);
  };
  for (const target of [2, 4, 2]) {
    await grow(300);
    await client.send(new UpdateShardCountCommand({ StreamName, TargetShardCount: target, ScalingType: 'UNIFORM_SCALING' }));
    await waitForActive(client, { StreamName });
    if (target === 4) {
      // A restart: stop the reader, start a new one from the checkpoints.
      await reader.stop();
      reader = runReader(client, StreamName, read, lineage, onRecord);
    }
  }
  await grow(300);
  await drainAndCheck(produce, reader, seen);

  const open = (await client.send(new ListShardsCommand({ StreamName, ShardFilter: { Type: 'AT_LATEST' } }))).Shards ?? [];
  expect(open.length).toBe(2);
  // The reader crossed every generation: the first shard and its descendants were read to their end.
  expect(lineage.finished.has('shardId-000000000000')).toBe(true);
  expect(lineage.finished.size).toBeGreaterThanOrEqual(3);
  // No request failed inside the server on the way.
  expect(server.output().stderr).not.toMatch(/InternalFailure/);
}

describe('a lineage-following reader under scaling 1 -> 2 -> 4 -> 2 with a continuous producer', () => {
  test('with GetRecords: every acknowledged record exactly once, in per-key order, across a restart', async () => {
    await scaleUnderLoad(async (name) => getRecordsSource(client, name));
  }, 120_000);

  test('with SubscribeToShard over HTTP/2: every acknowledged record exactly once, in per-key order, across a restart', async () => {
    await scaleUnderLoad(async (StreamName) => {
      const StreamARN = (await client.send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary!.StreamARN!;
      const { Consumer } = await client.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'lineage-app' }));
      await poll('the consumer to be ACTIVE', async () => {
        const d = await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: Consumer!.ConsumerARN }));
        return d.ConsumerDescription?.ConsumerStatus === 'ACTIVE' ? true : undefined;
      });
      return subscribeSource(h2, Consumer!.ConsumerARN!);
    });
  }, 120_000);
});
