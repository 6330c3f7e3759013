// What boto3's model (botocore 1.43.11) cannot send, through the AWS SDK for JavaScript v3 against a really started
// server: DryRun on PutRecord, PutRecords, GetShardIterator, GetRecords and SubscribeToShard (the SDK's
// DryRunOperationException, no effect), and UpdateStreamRecordDistributionStrategy read back through
// DescribeStreamSummary, where AUTO puts records, and puts without a PartitionKey (optional under AUTO) read back
// through GetRecords and SubscribeToShard.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CreateStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  DryRunOperationException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  InvalidArgumentException,
  KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
  UpdateStreamRecordDistributionStrategyCommand,
  ValidationException,
  type _Record,
  type SubscribeToShardEventStream,
} from '@aws-sdk/client-kinesis';
import { kinesisClient, poll, readShard, text, uniqueName, waitForActive } from './sdk';
import { startServer, type Server } from './server';

let server: Server;
let client: KinesisClient;
/** The SDK's default handler (HTTP/2 over h2c), which SubscribeToShard needs. */
let h2: KinesisClient;

beforeAll(async () => {
  server = await startServer();
  client = kinesisClient(server.url);
  h2 = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
});
afterAll(async () => {
  client?.destroy();
  h2?.destroy();
  await server?.stop();
});

/** The error `send` rejects with; fails the test when it resolves. */
async function refusal(p: Promise<unknown>): Promise<Error & { message: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a refusal, got an answer');
}

const DRY = 'The request was rejected because the DryRun parameter was specified.';

describe('DryRun through the SDK v3', () => {
  test('each of the five operations is checked, refused with DryRunOperationException, and has no effect', async () => {
    const StreamName = uniqueName('dry');
    await client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const summary = await waitForActive(client, { StreamName });
    const ShardId = 'shardId-000000000000';
    const Data = new TextEncoder().encode('x');

    // One at a time: a refusal not yet awaited would be an unhandled rejection.
    for (const attempt of [
      () => client.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data, DryRun: true })),
      () => client.send(new PutRecordsCommand({ StreamName, Records: [{ PartitionKey: 'k', Data }], DryRun: true })),
      () => client.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON', DryRun: true })),
    ]) {
      const err = await refusal(attempt());
      expect(err).toBeInstanceOf(DryRunOperationException);
      expect(err.message).toBe(DRY);
    }
    const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const dryRead = await refusal(client.send(new GetRecordsCommand({ ShardIterator, DryRun: true })));
    expect(dryRead).toBeInstanceOf(DryRunOperationException);
    // Nothing was written by the dry puts, and the iterator still reads.
    expect((await client.send(new GetRecordsCommand({ ShardIterator }))).Records).toEqual([]);

    const consumer = await client.send(new RegisterStreamConsumerCommand({ StreamARN: summary.StreamARN, ConsumerName: 'dry' }));
    const ConsumerARN = consumer.Consumer!.ConsumerARN!;
    await poll('consumer ACTIVE', async () =>
      (await client.send(new DescribeStreamConsumerCommand({ ConsumerARN }))).ConsumerDescription?.ConsumerStatus === 'ACTIVE' ? true : undefined,
    );
    const drySubscribe = await refusal(h2.send(new SubscribeToShardCommand({ ConsumerARN, ShardId, StartingPosition: { Type: 'LATEST' }, DryRun: true })));
    expect(drySubscribe).toBeInstanceOf(DryRunOperationException);
    // No subscription was made: a real one at once is not refused by the 5-second rule.
    const live = await h2.send(new SubscribeToShardCommand({ ConsumerARN, ShardId, StartingPosition: { Type: 'LATEST' } }));
    const events = (live.EventStream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    expect((await events.next()).done).toBe(false);
    await events.return?.();
  });
});

describe('UpdateStreamRecordDistributionStrategy through the SDK v3', () => {
  test('AUTO on an on-demand stream shows in DescribeStreamSummary and spreads one key; refused on a provisioned stream', async () => {
    const StreamName = uniqueName('auto');
    await client.send(new CreateStreamCommand({ StreamName, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    const { StreamARN } = await waitForActive(client, { StreamName });
    const strategy = async () => (await client.send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary!.RecordDistributionStrategy;
    expect(await strategy()).toBe('USER_PARTITION_KEY');
    await client.send(new UpdateStreamRecordDistributionStrategyCommand({ StreamARN, RecordDistributionStrategy: 'AUTO' }));
    expect(await strategy()).toBe('AUTO');
    const put = await client.send(new PutRecordsCommand({ StreamName, Records: Array.from({ length: 40 }, () => ({ PartitionKey: 'same', Data: new Uint8Array([1]) })) }));
    expect(put.FailedRecordCount).toBe(0);
    expect(new Set(put.Records!.map((r) => r.ShardId)).size).toBeGreaterThan(1);

    const provisioned = uniqueName('prov');
    await client.send(new CreateStreamCommand({ StreamName: provisioned, ShardCount: 1 }));
    const p = await waitForActive(client, { StreamName: provisioned });
    const err = await refusal(client.send(new UpdateStreamRecordDistributionStrategyCommand({ StreamARN: p.StreamARN, RecordDistributionStrategy: 'AUTO' })));
    expect(err).toBeInstanceOf(InvalidArgumentException);
    expect(p).not.toHaveProperty('RecordDistributionStrategy');
  });

  test('AUTO takes puts without a PartitionKey; GetRecords and SubscribeToShard return those records without one; a stream that places by key refuses them', async () => {
    const StreamName = uniqueName('nokey');
    await client.send(new CreateStreamCommand({ StreamName, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    const { StreamARN } = await waitForActive(client, { StreamName });
    // The SDK's types make PartitionKey optional (PutRecordInput, PutRecordsRequestEntry): it sends none here.
    const Data = (s: string) => new TextEncoder().encode(s);
    const refused = await refusal(client.send(new PutRecordCommand({ StreamName, Data: Data('refused') })));
    expect(refused).toBeInstanceOf(ValidationException);
    expect(refused.message).toBe("1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: Member must not be null");

    await client.send(new UpdateStreamRecordDistributionStrategyCommand({ StreamARN, RecordDistributionStrategy: 'AUTO' }));
    const single = await client.send(new PutRecordCommand({ StreamName, Data: Data('single') }));
    const batch = await client.send(new PutRecordsCommand({ StreamName, Records: [{ Data: Data('batch-0') }, { PartitionKey: 'given', Data: Data('batch-1') }] }));
    expect(batch.FailedRecordCount).toBe(0);
    const expected = new Map([
      [single.SequenceNumber!, ['single', undefined]],
      [batch.Records![0].SequenceNumber!, ['batch-0', undefined]],
      [batch.Records![1].SequenceNumber!, ['batch-1', 'given']],
    ]);
    /** What a reader should see of these records: sequence number, data, and the key as given or none. */
    const seen = (records: _Record[]) => records.map((r) => [r.SequenceNumber, text(r.Data), r.PartitionKey]);
    const want = (ids: string[]) => ids.map((id) => [id, ...expected.get(id)!]);

    // GetRecords, every shard from its start: _Record's PartitionKey "is not returned if the producer did not
    // provide a partition key" (models_0.d.ts): undefined to the SDK, where a key sent as "" would show as "".
    const shards = ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002', 'shardId-000000000003'];
    const byShard = new Map<string, _Record[]>();
    for (const ShardId of shards) byShard.set(ShardId, (await readShard(client, { StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' })).records);
    const read = [...byShard.values()].flat();
    expect(seen(read).sort()).toEqual(want([...expected.keys()]).sort());

    // SubscribeToShard from TRIM_HORIZON on each shard that holds records: the same records, the same keys.
    const consumer = await client.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'nokey' }));
    const ConsumerARN = consumer.Consumer!.ConsumerARN!;
    await poll('consumer ACTIVE', async () =>
      (await client.send(new DescribeStreamConsumerCommand({ ConsumerARN }))).ConsumerDescription?.ConsumerStatus === 'ACTIVE' ? true : undefined,
    );
    for (const [ShardId, records] of byShard) {
      if (records.length === 0) continue;
      const live = await h2.send(new SubscribeToShardCommand({ ConsumerARN, ShardId, StartingPosition: { Type: 'TRIM_HORIZON' } }));
      const events = (live.EventStream as AsyncIterable<SubscribeToShardEventStream>)[Symbol.asyncIterator]();
      const pushed: _Record[] = [];
      while (pushed.length < records.length) {
        const next = await events.next();
        if (next.done) throw new Error(`the subscription to ${ShardId} ended before its records arrived`);
        pushed.push(...(next.value.SubscribeToShardEvent?.Records ?? []));
      }
      await events.return?.();
      expect(seen(pushed)).toEqual(want(records.map((r) => r.SequenceNumber!)));
    }
  });
});
