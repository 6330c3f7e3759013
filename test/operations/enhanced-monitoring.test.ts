// Enable/DisableEnhancedMonitoring through the Worker: the seven shard-level metrics and ALL, the metrics before and
// after in the answer, and EnhancedMonitoring in DescribeStream and DescribeStreamSummary
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { detected, item, notActive, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

const ALL = ['IncomingBytes', 'IncomingRecords', 'OutgoingBytes', 'OutgoingRecords', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'IteratorAgeMilliseconds'];
const ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/m';
const ENUM = 'Member must satisfy enum value set: [IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL]';
const enable = (metrics: string[]) => kinesis('EnableEnhancedMonitoring', { StreamName: 'm', ShardLevelMetrics: metrics });
const disable = (metrics: string[]) => kinesis('DisableEnhancedMonitoring', { StreamARN: ARN, ShardLevelMetrics: metrics });
const shown = async () => {
  const summary = ok(await kinesis('DescribeStreamSummary', { StreamName: 'm' })).StreamDescriptionSummary.EnhancedMonitoring;
  const description = ok(await kinesis('DescribeStream', { StreamName: 'm' })).StreamDescription.EnhancedMonitoring;
  expect(description).toEqual(summary);
  return summary;
};

describe('refusals', () => {
  for (const op of ['EnableEnhancedMonitoring', 'DisableEnhancedMonitoring']) {
    describe(op, () => {
      itRefuses(op, [
        ['needs ShardLevelMetrics', { StreamName: 'm' }, detected(item(null, 'shardLevelMetrics', 'Member must not be null'))],
        ['needs at least one metric', { StreamName: 'm', ShardLevelMetrics: [] }, detected(item('[]', 'shardLevelMetrics', 'Member must have length greater than or equal to 1'))],
        ['takes only the metric names', { StreamName: 'm', ShardLevelMetrics: ['Latency'] }, detected(item('[Latency]', 'shardLevelMetrics', `Member must satisfy constraint: [${ENUM}]`))],
        ['answers a missing stream', { StreamName: 'missing', ShardLevelMetrics: ['ALL'] }, notFound('missing')],
        ['refuses a CREATING stream', { StreamName: 'c', ShardLevelMetrics: ['ALL'] }, notActive('c', 'CREATING'), () => kinesis('CreateStream', { StreamName: 'c', ShardCount: 1 })],
      ]);
    });
  }
});

describe('behaviour', () => {
  it('starts with no metrics, adds and removes them, answering the metrics before and after', async () => {
    await createActiveStream('m', 1);
    expect(await shown()).toEqual([{ ShardLevelMetrics: [] }]);
    expect(ok(await enable(['OutgoingBytes', 'IncomingBytes', 'IncomingBytes']))).toEqual({
      StreamName: 'm', CurrentShardLevelMetrics: [], DesiredShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes'], StreamARN: ARN,
    });
    expect(await shown()).toEqual([{ ShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes'] }]);
    expect(ok(await enable(['IteratorAgeMilliseconds']))).toMatchObject({
      CurrentShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes'], DesiredShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes', 'IteratorAgeMilliseconds'],
    });
    expect(ok(await disable(['IncomingBytes', 'IncomingRecords']))).toEqual({
      StreamName: 'm', CurrentShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes', 'IteratorAgeMilliseconds'],
      DesiredShardLevelMetrics: ['OutgoingBytes', 'IteratorAgeMilliseconds'], StreamARN: ARN,
    });
    expect(await shown()).toEqual([{ ShardLevelMetrics: ['OutgoingBytes', 'IteratorAgeMilliseconds'] }]);
    // Monitoring changes leave the stream ACTIVE.
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'm' })).StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
  });

  it('ALL stands for the seven metrics, both ways', async () => {
    await createActiveStream('m', 1);
    expect(ok(await enable(['ALL'])).DesiredShardLevelMetrics).toEqual(ALL);
    expect(await shown()).toEqual([{ ShardLevelMetrics: ALL }]);
    expect(ok(await disable(['ALL']))).toMatchObject({ CurrentShardLevelMetrics: ALL, DesiredShardLevelMetrics: [] });
    expect(await shown()).toEqual([{ ShardLevelMetrics: [] }]);
  });
});
