// DescribeStream: the stream with a page of shards; CREATING shows none; exact hash ranges
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatSequenceNumber } from '../../src/model/sequence-number';
import { SEQUENCE_NUMBER, T0, createActiveStream, expectEmptyOk, kinesis, ok, restoreClock, shardId, freshStart } from '../helpers/kinesis';
import { NAME_PATTERN, detected, item, maxValue, minValue, notFound, serialization } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('DescribeStream', [
    ['rejects a boolean Limit', { StreamName: 's', Limit: true }, serialization('class java.lang.Boolean can not be converted to an Integer')],
    [
      'lists limit, exclusiveStartShardId and streamName in that order',
      { StreamName: 'a b', Limit: 0, ExclusiveStartShardId: 'x y' },
      detected(item('0', 'limit', minValue(1)), item('x y', 'exclusiveStartShardId', NAME_PATTERN), item('a b', 'streamName', NAME_PATTERN)),
    ],
    ['rejects a Limit above 10000', { StreamName: 's', Limit: 10001 }, detected(item('10001', 'limit', maxValue(10000)))],
    ['answers ResourceNotFoundException for a missing stream', { StreamName: 'nope' }, notFound('nope')],
  ]);
});

describe('behaviour', () => {
  it('shows a CREATING stream with Shards [] and HasMoreShards false', async () => {
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'creating', ShardCount: 3 }));
    expect(ok(await kinesis('DescribeStream', { StreamName: 'creating' })).StreamDescription).toMatchObject({ StreamStatus: 'CREATING', Shards: [], HasMoreShards: false });
  });

  it('splits 3 shards into exactly the hash ranges AWS recorded', async () => {
    await createActiveStream('three', 3);
    const d = ok(await kinesis('DescribeStream', { StreamName: 'three' })).StreamDescription;
    const createdSec = T0 / 1000;
    expect(d.Shards).toEqual([
      {
        ShardId: 'shardId-000000000000',
        HashKeyRange: { StartingHashKey: '0', EndingHashKey: '113427455640312821154458202477256070484' },
        SequenceNumberRange: { StartingSequenceNumber: formatSequenceNumber({ shardCreatedAtSec: createdSec, shardIndex: 0, counter: 0n, recordAtSec: createdSec }) },
      },
      {
        ShardId: 'shardId-000000000001',
        HashKeyRange: { StartingHashKey: '113427455640312821154458202477256070485', EndingHashKey: '226854911280625642308916404954512140969' },
        SequenceNumberRange: { StartingSequenceNumber: formatSequenceNumber({ shardCreatedAtSec: createdSec, shardIndex: 1, counter: 0n, recordAtSec: createdSec }) },
      },
      {
        ShardId: 'shardId-000000000002',
        HashKeyRange: { StartingHashKey: '226854911280625642308916404954512140970', EndingHashKey: '340282366920938463463374607431768211455' },
        SequenceNumberRange: { StartingSequenceNumber: formatSequenceNumber({ shardCreatedAtSec: createdSec, shardIndex: 2, counter: 0n, recordAtSec: createdSec }) },
      },
    ]);
    for (const s of d.Shards) expect(s.SequenceNumberRange.StartingSequenceNumber).toMatch(SEQUENCE_NUMBER);
    expect(d.HasMoreShards).toBe(false);
  });

  it('describes the whole stream with its defaults', async () => {
    await createActiveStream('whole', 1);
    const d = ok(await kinesis('DescribeStream', { StreamName: 'whole' })).StreamDescription;
    expect(Object.keys(d).sort()).toEqual(
      ['EncryptionType', 'EnhancedMonitoring', 'HasMoreShards', 'RetentionPeriodHours', 'Shards', 'StreamARN', 'StreamCreationTimestamp', 'StreamModeDetails', 'StreamName', 'StreamStatus'].sort(),
    );
    expect(d).toMatchObject({
      StreamName: 'whole',
      StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/whole',
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      RetentionPeriodHours: 24,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
    });
  });

  it('pages shards with Limit and ExclusiveStartShardId', async () => {
    await createActiveStream('paged', 5);
    const first = ok(await kinesis('DescribeStream', { StreamName: 'paged', Limit: 2 })).StreamDescription;
    expect(first.Shards.map((s: { ShardId: string }) => s.ShardId)).toEqual([shardId(0), shardId(1)]);
    expect(first.HasMoreShards).toBe(true);
    const next = ok(await kinesis('DescribeStream', { StreamName: 'paged', Limit: 2, ExclusiveStartShardId: shardId(1) })).StreamDescription;
    expect(next.Shards.map((s: { ShardId: string }) => s.ShardId)).toEqual([shardId(2), shardId(3)]);
    expect(next.HasMoreShards).toBe(true);
    const last = ok(await kinesis('DescribeStream', { StreamName: 'paged', ExclusiveStartShardId: shardId(3) })).StreamDescription;
    expect(last.Shards.map((s: { ShardId: string }) => s.ShardId)).toEqual([shardId(4)]);
    expect(last.HasMoreShards).toBe(false);
    const none = ok(await kinesis('DescribeStream', { StreamName: 'paged', ExclusiveStartShardId: shardId(4) })).StreamDescription;
    expect(none).toMatchObject({ Shards: [], HasMoreShards: false });
  });

  // The 100-shard cap cannot be reached here: the test config allows 50 shards per account and region.
  it('accepts a Limit above 100 and returns every shard below the cap', async () => {
    const t = { accessKey: '900000000001' };
    await createActiveStream('fifty', 50, t);
    const d = ok(await kinesis('DescribeStream', { StreamName: 'fifty', Limit: 10000 }, t)).StreamDescription;
    expect(d.Shards).toHaveLength(50);
    expect(d.HasMoreShards).toBe(false);
  });

  it('finds the stream by StreamARN', async () => {
    await createActiveStream('arn-addressed', 1);
    const d = ok(await kinesis('DescribeStream', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/arn-addressed' })).StreamDescription;
    expect(d.StreamName).toBe('arn-addressed');
  });
});
