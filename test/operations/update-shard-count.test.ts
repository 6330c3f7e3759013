// UpdateShardCount through the Worker: UNIFORM_SCALING to even ranges, AWS's documented limits (double, half, 10 per
// rolling 24 hours, the account's shard limit), its output, and records across the scaling
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, createActiveStream, evenRanges, expectEmptyOk, freshStart, kinesis, ok, restoreClock, waitForGone } from '../helpers/kinesis';
import { detected, item, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

const update = (name: string, target: number) => kinesis('UpdateShardCount', { StreamName: name, TargetShardCount: target, ScalingType: 'UNIFORM_SCALING' });
const openRanges = async (name: string) =>
  ok(await kinesis('ListShards', { StreamName: name, ShardFilter: { Type: 'AT_LATEST' } })).Shards.map((s: any) => s.HashKeyRange);
const limit = (name: string, from: number, to: number, why: string) => ({
  __type: 'LimitExceededException',
  message: `UpdateShardCount of stream ${name} under account 000000000000 from ${from} to ${to} shards exceeds a limit: ${why}.`,
});

describe('refusals', () => {
  itRefuses('UpdateShardCount', [
    ['answers a missing stream', { StreamName: 'missing', TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' }, notFound('missing')],
    [
      'takes only UNIFORM_SCALING',
      { StreamName: 's', TargetShardCount: 2, ScalingType: 'OTHER' },
      detected(item('OTHER', 'scalingType', 'Member must satisfy enum value set: [UNIFORM_SCALING]')),
    ],
    ['needs a target of at least 1', { StreamName: 's', TargetShardCount: 0, ScalingType: 'UNIFORM_SCALING' }, detected(item('0', 'targetShardCount', 'Member must have value greater than or equal to 1'))],
  ]);

  it('refuses more than double and less than half the open shard count', async () => {
    await createActiveStream('lim', 3);
    expect((await update('lim', 7)).body).toEqual(limit('lim', 3, 7, 'the target shard count may be at most double the current open shard count'));
    expect((await update('lim', 1)).body).toEqual(limit('lim', 3, 1, 'the target shard count may be no less than half the current open shard count'));
  });

  it('refuses the 11th scaling within a rolling 24 hours, and allows it once the first is a day old', async () => {
    await createActiveStream('many', 1);
    for (let i = 0; i < 10; i++) {
      ok(await update('many', i % 2 === 0 ? 2 : 1));
      advance(STATUS_DELAY_MS);
    }
    expect((await update('many', 2)).body).toEqual(limit('many', 1, 2, 'at most 10 scaling operations per rolling 24 hours'));
    advance(24 * 3600_000 - 10 * STATUS_DELAY_MS + 1);
    ok(await update('many', 2));
  });

  it('does not count the scalings of a deleted stream of the same name', async () => {
    await createActiveStream('again', 1);
    for (let i = 0; i < 10; i++) {
      ok(await update('again', i % 2 === 0 ? 2 : 1));
      advance(STATUS_DELAY_MS);
    }
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'again' }));
    await waitForGone('again');
    await createActiveStream('again', 1);
    expect(ok(await update('again', 2)).CurrentShardCount).toBe(1);
  });

  it('refuses a scaling past the account shard limit with CreateStream\'s message', async () => {
    await createActiveStream('big', 30); // the test config's SHARD_LIMIT is 50
    const reply = await update('big', 60);
    expect(reply.body.__type).toBe('LimitExceededException');
    expect(reply.body.message).toContain('Current shard count for the account: 30. Limit: 50. Number of additional shards that would have resulted from this request: 30.');
    expect(await openRanges('big')).toEqual(evenRanges(30));
  });
});

describe('behaviour', () => {
  it('scales 1 -> 2 -> 4 -> 2 to even ranges, answering the counts, UPDATING meanwhile', async () => {
    await createActiveStream('u', 1);
    expect(ok(await update('u', 2))).toEqual({ StreamName: 'u', CurrentShardCount: 1, TargetShardCount: 2, StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/u' });
    expect(await openRanges('u')).toEqual(evenRanges(2));
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'u' })).StreamDescriptionSummary.StreamStatus).toBe('UPDATING');
    expect((await update('u', 4)).body.__type).toBe('ResourceInUseException');
    advance(STATUS_DELAY_MS);
    expect(ok(await update('u', 4)).CurrentShardCount).toBe(2);
    expect(await openRanges('u')).toEqual(evenRanges(4));
    advance(STATUS_DELAY_MS);
    expect(ok(await update('u', 2)).CurrentShardCount).toBe(4);
    expect(await openRanges('u')).toEqual(evenRanges(2));
    // Every shard that is not open has children; lineage only names older shards.
    const all = ok(await kinesis('ListShards', { StreamName: 'u' })).Shards;
    for (const s of all) {
      if (s.ParentShardId) expect(s.ParentShardId < s.ShardId).toBe(true);
      if (s.AdjacentParentShardId) expect(s.AdjacentParentShardId < s.ShardId).toBe(true);
    }
  });
});
