// DescribeStreamSummary (facts §3.3): the stream without shards, with OpenShardCount and ConsumerCount.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, createActiveStream, expectEmptyOk, expectError, kinesis, ok, restoreClock, freshStart } from '../helpers/kinesis';

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('validation', () => {
  it('rejects a StreamName over 128 characters', async () => {
    const name = 'n'.repeat(129);
    expectError(
      await kinesis('DescribeStreamSummary', { StreamName: name }),
      'ValidationException',
      `1 validation error detected: Value '${name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });
});

describe('behaviour', () => {
  it('answers ResourceNotFoundException for a missing stream', async () => {
    expectError(await kinesis('DescribeStreamSummary', { StreamName: 'nope' }), 'ResourceNotFoundException', 'Stream nope under account 000000000000 not found.');
  });

  it('summarises an ACTIVE stream', async () => {
    await createActiveStream('summary', 3);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'summary' }))).toEqual({
      StreamDescriptionSummary: {
        StreamName: 'summary',
        StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/summary',
        StreamStatus: 'ACTIVE',
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: T0 / 1000,
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        EncryptionType: 'NONE',
        OpenShardCount: 3,
        ConsumerCount: 0,
        MaxRecordSizeInKiB: 1024,
      },
    });
  });

  it('counts no open shards while CREATING', async () => {
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'summary-creating', ShardCount: 2 }));
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'summary-creating' })).StreamDescriptionSummary).toMatchObject({
      StreamStatus: 'CREATING',
      OpenShardCount: 0,
    });
  });

  it('reports the retention after a change', async () => {
    await createActiveStream('summary-retention', 1);
    expectEmptyOk(await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'summary-retention', RetentionPeriodHours: 48 }));
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'summary-retention' })).StreamDescriptionSummary.RetentionPeriodHours).toBe(48);
  });
});
