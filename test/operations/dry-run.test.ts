// DryRun on the five operations that take it: the request is checked in full, then refused with
// DryRunOperationException, with no effect (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html,
// DryRun). Also the smaller behaviours: a shard iterator wrapped in literal double quotes is read, and StreamId
// ("Not Implemented. Reserved for future use.") is taken, checked against its pattern, and ignored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, b64, createActiveStream, expectError, freshStart, kinesis, ok, putRecord, restoreClock, shardId, shardIterator } from '../helpers/kinesis';
import { detected, item, notFound } from '../helpers/messages';
import { activeConsumer, subscribe, subscribeRaw } from './subscribe-to-shard-helpers';

beforeEach(freshStart);
afterEach(() => restoreClock());

const DRY = 'The request was rejected because the DryRun parameter was specified.';
const expectDryRun = (reply: Awaited<ReturnType<typeof kinesis>>) => expectError(reply, 'DryRunOperationException', DRY);
const records = async (name: string) => ok(await kinesis('GetRecords', { ShardIterator: await shardIterator(name, shardId(0)) })).Records;

describe('DryRun', () => {
  it('PutRecord: checked in full, refused, nothing written; DryRun false writes', async () => {
    await createActiveStream('d', 1);
    expectDryRun(await kinesis('PutRecord', { StreamName: 'd', PartitionKey: 'k', Data: b64('x'), DryRun: true }));
    expect(await records('d')).toEqual([]);
    // Checks come first: a missing stream, a bad hash key are answered as without DryRun.
    expectError(await kinesis('PutRecord', { StreamName: 'nope', PartitionKey: 'k', Data: b64('x'), DryRun: true }), 'ResourceNotFoundException', notFound('nope').message);
    expect((await kinesis('PutRecord', { StreamName: 'd', PartitionKey: 'k', Data: b64('x'), ExplicitHashKey: String(2n ** 128n), DryRun: true })).body.__type).toBe(
      'InvalidArgumentException',
    );
    expect(ok(await kinesis('PutRecord', { StreamName: 'd', PartitionKey: 'k', Data: b64('x'), DryRun: false })).ShardId).toBe(shardId(0));
    expect(await records('d')).toHaveLength(1);
  });

  it('PutRecords: checked in full, refused, nothing written', async () => {
    await createActiveStream('d', 2);
    expectDryRun(await kinesis('PutRecords', { StreamName: 'd', Records: [{ PartitionKey: 'a', Data: b64('1') }, { PartitionKey: 'b', Data: b64('2') }], DryRun: true }));
    for (const shard of [0, 1]) expect(ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('d', shardId(shard)) })).Records).toEqual([]);
    expectError(
      await kinesis('PutRecords', { StreamName: 'd', Records: [], DryRun: true }),
      'ValidationException',
      detected(item(undefined, 'records', 'Member must have length greater than or equal to 1')).message,
    );
  });

  it('GetShardIterator: checked in full, refused, no iterator', async () => {
    await createActiveStream('d', 1);
    expectDryRun(await kinesis('GetShardIterator', { StreamName: 'd', ShardId: shardId(0), ShardIteratorType: 'LATEST', DryRun: true }));
    expectError(
      await kinesis('GetShardIterator', { StreamName: 'd', ShardId: shardId(3), ShardIteratorType: 'LATEST', DryRun: true }),
      'ResourceNotFoundException',
      'Shard shardId-000000000003 in stream d under account 000000000000 does not exist',
    );
  });

  it('GetRecords: checked in full, refused, the iterator not consumed', async () => {
    await createActiveStream('d', 1);
    await putRecord('d', 'k', 'kept');
    const iterator = await shardIterator('d', shardId(0));
    expectDryRun(await kinesis('GetRecords', { ShardIterator: iterator, DryRun: true }));
    const read = ok(await kinesis('GetRecords', { ShardIterator: iterator }));
    expect(read.Records.map((r: any) => Buffer.from(r.Data, 'base64').toString())).toEqual(['kept']);
    expectError(await kinesis('GetRecords', { ShardIterator: 'AAAA', DryRun: true }), 'InvalidArgumentException', 'Invalid ShardIterator.');
    advance(300_001);
    expect((await kinesis('GetRecords', { ShardIterator: iterator, DryRun: true })).body.__type).toBe('ExpiredIteratorException');
  });

  it('SubscribeToShard: checked in full, refused, no subscription made (a real one right after is not taken for a second)', async () => {
    await createActiveStream('d', 1);
    const arn = await activeConsumer('d');
    const dry = await subscribeRaw({ ConsumerARN: arn, ShardId: shardId(0), StartingPosition: { Type: 'LATEST' }, DryRun: true });
    expect({ status: dry.status, body: await dry.json() }).toEqual({ status: 400, body: { __type: 'DryRunOperationException', message: DRY } });
    const missing = await subscribeRaw({ ConsumerARN: arn, ShardId: shardId(5), StartingPosition: { Type: 'LATEST' }, DryRun: true });
    expect(((await missing.json()) as any).__type).toBe('ResourceNotFoundException');
    const reader = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    await reader.cancel();
  });
});

describe('a quoted shard iterator', () => {
  it('GetRecords reads an iterator wrapped in literal double quotes as the iterator itself', async () => {
    await createActiveStream('q', 1);
    await putRecord('q', 'k', 'quoted');
    const iterator = await shardIterator('q', shardId(0));
    const read = ok(await kinesis('GetRecords', { ShardIterator: `"${iterator}"` }));
    expect(read.Records.map((r: any) => Buffer.from(r.Data, 'base64').toString())).toEqual(['quoted']);
    // Its next iterator comes without quotes and works as usual.
    expect(ok(await kinesis('GetRecords', { ShardIterator: read.NextShardIterator })).Records).toEqual([]);
    // One quote alone is not a wrapping: still malformed.
    expectError(await kinesis('GetRecords', { ShardIterator: `"${iterator}` }), 'InvalidArgumentException', 'Invalid ShardIterator.');
  });
});

describe('StreamId', () => {
  const ID = 'abcdefghij0123456789-abc';
  it('is taken and ignored by the operations that have it', async () => {
    await createActiveStream('i', 1);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'i', StreamId: ID })).StreamDescriptionSummary.StreamName).toBe('i');
    expect(ok(await kinesis('PutRecord', { StreamName: 'i', StreamId: ID, PartitionKey: 'k', Data: b64('x') })).ShardId).toBe(shardId(0));
    const iterator = ok(await kinesis('GetShardIterator', { StreamName: 'i', StreamId: ID, ShardId: shardId(0), ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
    expect(ok(await kinesis('GetRecords', { ShardIterator: iterator, StreamId: ID })).Records).toHaveLength(1);
    ok(await kinesis('EnableEnhancedMonitoring', { StreamName: 'i', StreamId: ID, ShardLevelMetrics: ['ALL'] }));
    ok(await kinesis('StartStreamEncryption', { StreamName: 'i', StreamId: ID, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    advance(STATUS_DELAY_MS);
  });

  it('is held to its pattern', async () => {
    expectError(
      await kinesis('DescribeStreamSummary', { StreamName: 'i', StreamId: 'NOT-AN-ID' }),
      'ValidationException',
      detected(item('NOT-AN-ID', 'streamId', 'Member must satisfy regular expression pattern: [a-z0-9]{20}-[a-z0-9]{3}')).message,
    );
  });
});
