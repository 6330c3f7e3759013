// UpdateMaxRecordSize and UpdateStreamRecordDistributionStrategy through the Worker: AWS's ranges and rules, the
// effect on puts, and what DescribeStreamSummary shows
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateMaxRecordSize.html,
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, expectEmptyOk, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { detected, invalidArgument, item, notActive, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

const arn = (name: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;
const summary = async (name: string) => ok(await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary;
const onDemand = (name: string) => createActiveStream(name, 1, { extra: { ShardCount: undefined, StreamModeDetails: { StreamMode: 'ON_DEMAND' } } });
const bytes = (n: number) => Buffer.alloc(n, 7).toString('base64');

describe('UpdateMaxRecordSize', () => {
  itRefuses('UpdateMaxRecordSize', [
    ['needs MaxRecordSizeInKiB', { StreamARN: arn('r') }, detected(item(null, 'maxRecordSizeInKiB', 'Member must not be null'))],
    ['refuses less than 1024 KiB', { StreamARN: arn('r'), MaxRecordSizeInKiB: 1023 }, detected(item('1023', 'maxRecordSizeInKiB', 'Member must have value greater than or equal to 1024'))],
    ['refuses more than 10240 KiB', { StreamARN: arn('r'), MaxRecordSizeInKiB: 10241 }, detected(item('10241', 'maxRecordSizeInKiB', 'Member must have value less than or equal to 10240'))],
    ['needs the stream\'s ARN', { MaxRecordSizeInKiB: 2048 }, invalidArgument('StreamARN should be provided.')],
    ['answers a missing stream', { StreamARN: arn('missing'), MaxRecordSizeInKiB: 2048 }, notFound('missing')],
    ['refuses a CREATING stream', { StreamARN: arn('c'), MaxRecordSizeInKiB: 2048 }, notActive('c', 'CREATING'), () => kinesis('CreateStream', { StreamName: 'c', ShardCount: 1 })],
  ]);

  it('holds puts to the new size at once, both ways, and shows it', async () => {
    await createActiveStream('r', 1);
    const big = { StreamName: 'r', PartitionKey: 'k', Data: bytes(1024 * 1024) }; // 1 MiB + the key's byte
    expect((await kinesis('PutRecord', big)).body.__type).toBe('ValidationException');
    expectEmptyOk(await kinesis('UpdateMaxRecordSize', { StreamARN: arn('r'), MaxRecordSizeInKiB: 2048 }));
    expect((await summary('r')).MaxRecordSizeInKiB).toBe(2048);
    expect(ok(await kinesis('PutRecord', big)).ShardId).toBe('shardId-000000000000');
    const over = { StreamName: 'r', PartitionKey: 'k', Data: bytes(2048 * 1024) };
    expect((await kinesis('PutRecords', { StreamName: 'r', Records: [{ PartitionKey: over.PartitionKey, Data: over.Data }] })).body).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value at 'records.1.member.data' failed to satisfy constraint: Member must have length less than or equal to 2097152",
    });
    expectEmptyOk(await kinesis('UpdateMaxRecordSize', { StreamARN: arn('r'), MaxRecordSizeInKiB: 1024 }));
    expect((await kinesis('PutRecord', big)).body.__type).toBe('ValidationException');
    expect((await summary('r')).StreamStatus).toBe('ACTIVE');
  });
});

describe('UpdateStreamRecordDistributionStrategy', () => {
  const update = (name: string, strategy: string) => kinesis('UpdateStreamRecordDistributionStrategy', { StreamARN: arn(name), RecordDistributionStrategy: strategy });

  itRefuses('UpdateStreamRecordDistributionStrategy', [
    ['needs StreamARN and a strategy', {}, detected(item(null, 'streamARN', 'Member must not be null'), item(null, 'recordDistributionStrategy', 'Member must not be null'))],
    ['takes only AUTO and USER_PARTITION_KEY', { StreamARN: arn('d'), RecordDistributionStrategy: 'RANDOM' }, detected(item('RANDOM', 'recordDistributionStrategy', 'Member must satisfy enum value set: [AUTO, USER_PARTITION_KEY]'))],
    ['answers a missing stream', { StreamARN: arn('missing'), RecordDistributionStrategy: 'AUTO' }, notFound('missing')],
    [
      'refuses AUTO on a provisioned stream',
      { StreamARN: arn('p'), RecordDistributionStrategy: 'AUTO' },
      invalidArgument('Record distribution strategy AUTO is only supported for on-demand streams; stream p under account 000000000000 is PROVISIONED.'),
      () => createActiveStream('p', 1),
    ],
  ]);

  it('shows on on-demand streams only, USER_PARTITION_KEY by default', async () => {
    await onDemand('d');
    await createActiveStream('p', 1);
    expect((await summary('d')).RecordDistributionStrategy).toBe('USER_PARTITION_KEY');
    expect(await summary('p')).not.toHaveProperty('RecordDistributionStrategy');
    expectEmptyOk(await update('p', 'USER_PARTITION_KEY'));
    expectEmptyOk(await update('d', 'AUTO'));
    expect(await summary('d')).toMatchObject({ RecordDistributionStrategy: 'AUTO', StreamStatus: 'ACTIVE' });
    expectEmptyOk(await update('d', 'USER_PARTITION_KEY'));
    expect((await summary('d')).RecordDistributionStrategy).toBe('USER_PARTITION_KEY');
  });

  it('AUTO spreads one partition key over the shards, and refuses SequenceNumberForOrdering; USER_PARTITION_KEY keeps it on one', async () => {
    await onDemand('d');
    const put = async () => {
      const records = Array.from({ length: 40 }, (_, i) => ({ PartitionKey: 'same', ExplicitHashKey: '0', Data: bytes(i + 1) }));
      const answer = ok(await kinesis('PutRecords', { StreamName: 'd', Records: records }));
      expect(answer.FailedRecordCount).toBe(0);
      return new Set(answer.Records.map((r: any) => r.ShardId));
    };
    expect(await put()).toEqual(new Set(['shardId-000000000000']));
    expectEmptyOk(await update('d', 'AUTO'));
    // 40 records in one of 4 shards by chance: 4^-39.
    expect((await put()).size).toBeGreaterThan(1);
    const ordered = await kinesis('PutRecord', { StreamName: 'd', PartitionKey: 'k', Data: bytes(1), SequenceNumberForOrdering: '1' });
    expect(ordered.body).toEqual({
      __type: 'InvalidArgumentException',
      message: 'SequenceNumberForOrdering is not supported on stream d under account 000000000000: its record distribution strategy is AUTO.',
    });
    expectEmptyOk(await update('d', 'USER_PARTITION_KEY'));
    expect(await put()).toEqual(new Set(['shardId-000000000000']));
  });
});
