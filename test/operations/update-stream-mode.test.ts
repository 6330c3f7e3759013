// UpdateStreamMode through the Worker: validation from the model, AWS's rules (ACTIVE only, twice per rolling 24 hours,
// UPDATING meanwhile, shards kept, the account's on-demand stream limit) and the mode read back where AWS shows it:
// DescribeStream, DescribeStreamSummary, ListStreams' StreamSummaries, DescribeLimits; SplitShard refused once
// on-demand (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html,
// https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, createActiveStream, evenRanges, expectEmptyOk, expectError, freshStart, kinesis, ok, restoreClock, waitForStatus } from '../helpers/kinesis';
import { NOT_NULL, detected, item, minValue, notActive, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

const ACCOUNT = '000000000000';
const arn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
const setMode = (name: string, mode: string, extra: Record<string, unknown> = {}) =>
  kinesis('UpdateStreamMode', { StreamARN: arn(name), StreamModeDetails: { StreamMode: mode }, ...extra });
const summary = async (name: string) => ok(await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary;
const listedMode = async (name: string) =>
  ok(await kinesis('ListStreams', {})).StreamSummaries.find((s: any) => s.StreamName === name)?.StreamModeDetails.StreamMode;
const limits = async () => ok(await kinesis('DescribeLimits', {}));
const switchLimit = (name: string) => ({
  type: 'LimitExceededException',
  message: `Stream ${name} under account ${ACCOUNT} has already switched its capacity mode 2 times within the last 24 hours.`,
});

describe('refusals', () => {
  itRefuses('UpdateStreamMode', [
    ['needs StreamARN and StreamModeDetails', {}, detected(item(null, 'streamARN', NOT_NULL), item(null, 'streamModeDetails', NOT_NULL))],
    [
      'takes only PROVISIONED and ON_DEMAND',
      { StreamARN: arn('s'), StreamModeDetails: { StreamMode: 'AUTO' } },
      detected(item('AUTO', 'streamModeDetails.streamMode', 'Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]')),
    ],
    [
      'needs a warm throughput of at least 0',
      { StreamARN: arn('s'), StreamModeDetails: { StreamMode: 'ON_DEMAND' }, WarmThroughputMiBps: -1 },
      detected(item('-1', 'warmThroughputMiBps', minValue(0))),
    ],
    ['answers a missing stream', { StreamARN: arn('missing'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } }, notFound('missing')],
    [
      'needs an ACTIVE stream',
      { StreamARN: arn('young'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } },
      notActive('young', 'CREATING'),
      () => kinesis('CreateStream', { StreamName: 'young', ShardCount: 1 }),
    ],
    [
      'takes WarmThroughputMiBps only when switching to on-demand',
      { StreamARN: arn('p'), StreamModeDetails: { StreamMode: 'PROVISIONED' }, WarmThroughputMiBps: 10 },
      { type: 'InvalidArgumentException', message: 'WarmThroughputMiBps is only valid when the stream mode is being updated to ON_DEMAND.' },
      () => createActiveStream('p', 1),
    ],
    [
      'takes WarmThroughputMiBps only with the account commitment',
      { StreamARN: arn('p'), StreamModeDetails: { StreamMode: 'ON_DEMAND' }, WarmThroughputMiBps: 10 },
      { type: 'InvalidArgumentException', message: `Warm throughput requires MinimumThroughputBillingCommitment to be enabled for account ${ACCOUNT}.` },
      () => createActiveStream('p', 1),
    ],
  ]);

  it('refuses a switch while the stream is UPDATING from the last one', async () => {
    await createActiveStream('busy', 1);
    expectEmptyOk(await setMode('busy', 'ON_DEMAND'));
    expectError(await setMode('busy', 'PROVISIONED'), 'ResourceInUseException', `Stream busy under account ${ACCOUNT} not ACTIVE, instead in state UPDATING`);
  });

  it('allows two switches per rolling 24 hours, the third once the first is a day old', async () => {
    await createActiveStream('flip', 1);
    expectEmptyOk(await setMode('flip', 'ON_DEMAND'));
    advance(STATUS_DELAY_MS);
    expectEmptyOk(await setMode('flip', 'PROVISIONED'));
    advance(STATUS_DELAY_MS);
    const refused = await setMode('flip', 'ON_DEMAND');
    expectError(refused, switchLimit('flip').type, switchLimit('flip').message);
    expect((await summary('flip')).StreamModeDetails.StreamMode).toBe('PROVISIONED');
    advance(24 * 3600_000 - 2 * STATUS_DELAY_MS + 1);
    expectEmptyOk(await setMode('flip', 'ON_DEMAND'));
  });

  it('refuses the 51st on-demand stream of the account, and CreateStream likewise', async () => {
    // 50 on-demand streams of 1 shard each would pass the test config's 50-shard limit: raise none, count modes only.
    // Deleted streams leave the count; here the limit is reached by streams made on-demand in place.
    const names = Array.from({ length: 50 }, (_, i) => `od-${i}`);
    for (const name of names) await kinesis('CreateStream', { StreamName: name, ShardCount: 1 });
    await waitForStatus(names[49], 'ACTIVE');
    for (const name of names) expectEmptyOk(await setMode(name, 'ON_DEMAND'));
    expect((await limits()).OnDemandStreamCount).toBe(50);
    const message = `This request would exceed the on-demand stream limit for the account ${ACCOUNT} in us-east-1. Current on-demand stream count for the account: 50. Limit: 50.`;
    expectError(await kinesis('CreateStream', { StreamName: 'one-more', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }), 'LimitExceededException', message);
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'od-0' }));
    expect((await limits()).OnDemandStreamCount).toBe(49);
  }, 60_000);
});

describe('behaviour', () => {
  it('switches PROVISIONED -> ON_DEMAND -> PROVISIONED, UPDATING meanwhile, keeping the shards, shown everywhere', async () => {
    await createActiveStream('m', 3);
    expect(await listedMode('m')).toBe('PROVISIONED');
    expect((await summary('m')).WarmThroughput).toBeUndefined();
    expectEmptyOk(await setMode('m', 'ON_DEMAND'));
    const during = await summary('m');
    expect(during.StreamStatus).toBe('UPDATING');
    expect(during.StreamModeDetails).toEqual({ StreamMode: 'ON_DEMAND' });
    expect(during.OpenShardCount).toBe(3);
    // An on-demand stream's write capacity: 1 MiB/s per open shard; no warm target asked for.
    expect(during.WarmThroughput).toEqual({ CurrentMiBps: 3 });
    expect(await listedMode('m')).toBe('ON_DEMAND');
    expect((await limits()).OnDemandStreamCount).toBe(1);
    const described = ok(await kinesis('DescribeStream', { StreamName: 'm' })).StreamDescription;
    expect(described.StreamModeDetails).toEqual({ StreamMode: 'ON_DEMAND' });
    expect(described.Shards.map((s: any) => s.HashKeyRange)).toEqual(evenRanges(3));
    // Resharding by hand is refused for on-demand streams.
    advance(STATUS_DELAY_MS);
    expect((await summary('m')).StreamStatus).toBe('ACTIVE');
    const split = await kinesis('SplitShard', { StreamName: 'm', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '100' });
    expect(split.body.__type).toBe('ValidationException');

    expectEmptyOk(await setMode('m', 'PROVISIONED'));
    expect((await summary('m')).StreamStatus).toBe('UPDATING');
    advance(STATUS_DELAY_MS);
    const after = await summary('m');
    expect([after.StreamStatus, after.StreamModeDetails.StreamMode, after.OpenShardCount, after.WarmThroughput]).toEqual(['ACTIVE', 'PROVISIONED', 3, undefined]);
    expect(await listedMode('m')).toBe('PROVISIONED');
    expect((await limits()).OnDemandStreamCount).toBe(0);
  });

  it('asking for the mode the stream has changes nothing and counts no switch', async () => {
    await createActiveStream('same', 1);
    for (let i = 0; i < 3; i++) expectEmptyOk(await setMode('same', 'PROVISIONED'));
    expect((await summary('same')).StreamStatus).toBe('ACTIVE');
    expectEmptyOk(await setMode('same', 'ON_DEMAND'));
    advance(STATUS_DELAY_MS);
    expectEmptyOk(await setMode('same', 'PROVISIONED'));
  });

  it('accepts StreamId and ignores it, as AWS documents ("Not Implemented")', async () => {
    await createActiveStream('sid', 1);
    expectEmptyOk(await setMode('sid', 'ON_DEMAND', { StreamId: 'abcdefghij0123456789-abc' }));
    expect((await summary('sid')).StreamModeDetails.StreamMode).toBe('ON_DEMAND');
  });

  it('a re-created stream of the same name starts with no switches counted', async () => {
    await createActiveStream('again', 1);
    expectEmptyOk(await setMode('again', 'ON_DEMAND'));
    advance(STATUS_DELAY_MS);
    expectEmptyOk(await setMode('again', 'PROVISIONED'));
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'again' }));
    advance(2 * STATUS_DELAY_MS);
    await createActiveStream('again', 1);
    expectEmptyOk(await setMode('again', 'ON_DEMAND'));
  });
});
