// DescribeStreamSummary: the stream without shards, with OpenShardCount and ConsumerCount
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, createActiveStream, expectEmptyOk, kinesis, ok, restoreClock, freshStart } from '../helpers/kinesis';
import { detected, item, maxLength, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('DescribeStreamSummary', [
    ['rejects a StreamName over 128 characters', { StreamName: 'n'.repeat(129) }, detected(item('n'.repeat(129), 'streamName', maxLength(128)))],
    ['answers ResourceNotFoundException for a missing stream', { StreamName: 'nope' }, notFound('nope')],
  ]);
});

describe('behaviour', () => {
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
        ChannelCount: 0,
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
