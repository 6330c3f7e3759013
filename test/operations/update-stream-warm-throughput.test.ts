// UpdateStreamWarmThroughput through the Worker: on-demand streams of accounts with the minimum throughput billing
// commitment only, at most 10 GiBps, UPDATING meanwhile; the open shards grow to take the target (1 MiB/s each) and
// DescribeStreamSummary's WarmThroughput shows it (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, createActiveStream, evenRanges, expectEmptyOk, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { NOT_NULL, detected, item, minValue, notActive, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

const ACCOUNT = '000000000000';
const arn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
const commit = async () => ok(await kinesis('UpdateAccountSettings', { MinimumThroughputBillingCommitment: { Status: 'ENABLED' } }));
const onDemand = (name: string) => createActiveStream(name, 1, { extra: { ShardCount: undefined, StreamModeDetails: { StreamMode: 'ON_DEMAND' } } });
const warm = (name: string, mibps: number) => kinesis('UpdateStreamWarmThroughput', { StreamName: name, WarmThroughputMiBps: mibps });
const summary = async (name: string) => ok(await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary;
const openRanges = async (name: string) =>
  ok(await kinesis('ListShards', { StreamName: name, ShardFilter: { Type: 'AT_LATEST' } })).Shards.map((s: any) => s.HashKeyRange);

describe('refusals', () => {
  itRefuses('UpdateStreamWarmThroughput', [
    ['needs WarmThroughputMiBps', { StreamName: 's' }, detected(item(null, 'warmThroughputMiBps', NOT_NULL))],
    ['needs at least 0', { StreamName: 's', WarmThroughputMiBps: -1 }, detected(item('-1', 'warmThroughputMiBps', minValue(0)))],
    ['needs StreamName or StreamARN', { WarmThroughputMiBps: 1 }, { type: 'InvalidArgumentException', message: 'Either StreamName or StreamARN should be provided.' }],
    ['answers a missing stream', { StreamARN: arn('missing'), WarmThroughputMiBps: 1 }, notFound('missing')],
    [
      'needs the account commitment',
      { StreamName: 'od', WarmThroughputMiBps: 8 },
      { type: 'InvalidArgumentException', message: `Warm throughput requires MinimumThroughputBillingCommitment to be enabled for account ${ACCOUNT}.` },
      () => onDemand('od'),
    ],
    [
      'needs an on-demand stream',
      { StreamName: 'p', WarmThroughputMiBps: 8 },
      { type: 'InvalidArgumentException', message: `Stream p under account ${ACCOUNT} is not in On-Demand mode: warm throughput is supported for on-demand streams only.` },
      async () => (await commit(), await createActiveStream('p', 1)),
    ],
    [
      'allows at most 10 GiBps',
      { StreamName: 'od', WarmThroughputMiBps: 10241 },
      { type: 'LimitExceededException', message: 'WarmThroughputMiBps 10241 exceeds the limit of 10240 MiBps for an on-demand stream.' },
      async () => (await commit(), await onDemand('od')),
    ],
    [
      'needs an ACTIVE stream',
      { StreamName: 'young', WarmThroughputMiBps: 8 },
      notActive('young', 'CREATING'),
      async () => (await commit(), await kinesis('CreateStream', { StreamName: 'young', StreamModeDetails: { StreamMode: 'ON_DEMAND' } })),
    ],
  ]);

  it('refuses a target past the account shard limit, changing nothing', async () => {
    await commit();
    await onDemand('big'); // 4 shards; the test config's SHARD_LIMIT is 50
    const reply = await warm('big', 60);
    expect(reply.body.__type).toBe('LimitExceededException');
    expect(reply.body.message).toContain('Current shard count for the account: 4. Limit: 50. Number of additional shards that would have resulted from this request: 56.');
    expect(await openRanges('big')).toEqual(evenRanges(4));
    expect((await summary('big')).WarmThroughput).toEqual({ CurrentMiBps: 4 });
  });
});

describe('behaviour', () => {
  it('warms an on-demand stream: UPDATING, shards for the target, WarmThroughput in the summary', async () => {
    await commit();
    await onDemand('w');
    expect((await summary('w')).WarmThroughput).toEqual({ CurrentMiBps: 4 });
    const answer = ok(await warm('w', 8));
    expect(answer).toEqual({ StreamARN: arn('w'), StreamName: 'w', WarmThroughput: { TargetMiBps: 8, CurrentMiBps: 4 } });
    const during = await summary('w');
    expect([during.StreamStatus, during.OpenShardCount, during.WarmThroughput]).toEqual(['UPDATING', 8, { TargetMiBps: 8, CurrentMiBps: 8 }]);
    expect(await openRanges('w')).toEqual(evenRanges(8));
    advance(STATUS_DELAY_MS);
    expect((await summary('w')).StreamStatus).toBe('ACTIVE');
    // A lower target keeps the shards (warm throughput never scales down) and records the target.
    ok(await warm('w', 2));
    expect((await summary('w')).WarmThroughput).toEqual({ TargetMiBps: 2, CurrentMiBps: 8 });
    const limits = ok(await kinesis('DescribeLimits', {}));
    expect(limits.OpenShardCount).toBe(8);
  });

  it('UpdateStreamMode to ON_DEMAND with WarmThroughputMiBps switches and warms in one step', async () => {
    await commit();
    await createActiveStream('sw', 2);
    expectEmptyOk(await kinesis('UpdateStreamMode', { StreamARN: arn('sw'), StreamModeDetails: { StreamMode: 'ON_DEMAND' }, WarmThroughputMiBps: 4 }));
    const s = await summary('sw');
    expect([s.StreamStatus, s.StreamModeDetails.StreamMode, s.OpenShardCount, s.WarmThroughput]).toEqual(['UPDATING', 'ON_DEMAND', 4, { TargetMiBps: 4, CurrentMiBps: 4 }]);
  });

  it('a warm throughput that fails the shard limit leaves the mode as it was', async () => {
    await commit();
    await createActiveStream('keep', 2);
    const reply = await kinesis('UpdateStreamMode', { StreamARN: arn('keep'), StreamModeDetails: { StreamMode: 'ON_DEMAND' }, WarmThroughputMiBps: 100 });
    expect(reply.body.__type).toBe('LimitExceededException');
    const s = await summary('keep');
    expect([s.StreamStatus, s.StreamModeDetails.StreamMode, s.OpenShardCount]).toEqual(['ACTIVE', 'PROVISIONED', 2]);
    const listed = ok(await kinesis('ListStreams', {})).StreamSummaries.find((x: any) => x.StreamName === 'keep');
    expect(listed.StreamModeDetails.StreamMode).toBe('PROVISIONED');
  });
});
