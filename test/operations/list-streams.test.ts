// ListStreams: names in byte order, Limit (default and max 100), ExclusiveStartStreamName, NextToken, HasMoreStreams
// and StreamSummaries (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html). Each test
// uses its own account so the lists are exact.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, T0, advance, expectEmptyOk, kinesis, ok, restoreClock, freshStart } from '../helpers/kinesis';
import { NAME_PATTERN, detected, item, maxValue, minLength, minValue, serialization } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

let accountSeq = 0;
/** A fresh account per test: its stream list holds only what the test made. */
function freshAccount(): { accessKey: string } {
  accountSeq += 1;
  return { accessKey: String(700000000000 + accountSeq) };
}

async function createAll(t: { accessKey: string }, names: string[]): Promise<void> {
  for (const name of names) expectEmptyOk(await kinesis('CreateStream', { StreamName: name, ShardCount: 1 }, t));
  advance(STATUS_DELAY_MS);
}

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('ListStreams', [
    ['rejects a string Limit', { Limit: 'ten' }, serialization('class java.lang.String can not be converted to an Integer')],
    ['rejects Limit 0', { Limit: 0 }, detected(item('0', 'limit', minValue(1)))],
    ['rejects a Limit above 10000', { Limit: 10001 }, detected(item('10001', 'limit', maxValue(10000)))],
    [
      'checks ExclusiveStartStreamName against the stream name rules, after limit',
      { Limit: 0, ExclusiveStartStreamName: '' },
      detected(item('0', 'limit', minValue(1)), item('', 'exclusiveStartStreamName', NAME_PATTERN), item('', 'exclusiveStartStreamName', minLength(1))),
    ],
  ]);
});

describe('behaviour', () => {
  it('answers an empty account with no names and HasMoreStreams false', async () => {
    expect(ok(await kinesis('ListStreams', {}, freshAccount()))).toEqual({ StreamNames: [], HasMoreStreams: false, StreamSummaries: [] });
  });

  it('lists names in byte order with a summary each', async () => {
    const t = freshAccount();
    await createAll(t, ['b', 'a', 'C', '_x', 'a-1']);
    const reply = ok(await kinesis('ListStreams', {}, t));
    expect(reply.StreamNames).toEqual(['C', '_x', 'a', 'a-1', 'b']);
    expect(reply.HasMoreStreams).toBe(false);
    expect(reply.NextToken).toBeUndefined();
    expect(reply.StreamSummaries[0]).toEqual({
      StreamName: 'C',
      StreamARN: `arn:aws:kinesis:us-east-1:${t.accessKey}:stream/C`,
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      StreamCreationTimestamp: T0 / 1000,
    });
  });

  it('shows a CREATING stream as CREATING', async () => {
    const t = freshAccount();
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'soon', ShardCount: 1 }, t));
    expect(ok(await kinesis('ListStreams', {}, t)).StreamSummaries.map((s: { StreamStatus: string }) => s.StreamStatus)).toEqual(['CREATING']);
  });

  it('stops at Limit with HasMoreStreams and a NextToken that continues the list', async () => {
    const t = freshAccount();
    await createAll(t, ['s1', 's2', 's3', 's4', 's5']);
    const first = ok(await kinesis('ListStreams', { Limit: 2 }, t));
    expect(first.StreamNames).toEqual(['s1', 's2']);
    expect(first.HasMoreStreams).toBe(true);
    expect(typeof first.NextToken).toBe('string');
    const second = ok(await kinesis('ListStreams', { Limit: 2, NextToken: first.NextToken }, t));
    expect(second.StreamNames).toEqual(['s3', 's4']);
    const third = ok(await kinesis('ListStreams', { NextToken: second.NextToken }, t));
    expect(third).toMatchObject({ StreamNames: ['s5'], HasMoreStreams: false });
    expect(third.NextToken).toBeUndefined();
  });

  it('says HasMoreStreams false when Limit equals the count', async () => {
    const t = freshAccount();
    await createAll(t, ['x1', 'x2']);
    expect(ok(await kinesis('ListStreams', { Limit: 2 }, t))).toMatchObject({ StreamNames: ['x1', 'x2'], HasMoreStreams: false });
  });

  it('starts after ExclusiveStartStreamName, which need not exist', async () => {
    const t = freshAccount();
    await createAll(t, ['a', 'b', 'c']);
    expect(ok(await kinesis('ListStreams', { ExclusiveStartStreamName: 'a' }, t)).StreamNames).toEqual(['b', 'c']);
    expect(ok(await kinesis('ListStreams', { ExclusiveStartStreamName: 'bb' }, t)).StreamNames).toEqual(['c']);
    expect(ok(await kinesis('ListStreams', { ExclusiveStartStreamName: 'c' }, t))).toMatchObject({ StreamNames: [], HasMoreStreams: false });
  });

  it('returns at most 100 names whatever the Limit', async () => {
    const t = freshAccount();
    const names = Array.from({ length: 101 }, (_, i) => `n${String(i).padStart(3, '0')}`);
    // The test config allows 50 shards per account: delete each stream at once, which frees its shard while it
    // is still listed (DELETING) for the delete delay.
    for (const name of names) {
      expectEmptyOk(await kinesis('CreateStream', { StreamName: name, ShardCount: 1 }, t));
      expectEmptyOk(await kinesis('DeleteStream', { StreamName: name }, t));
    }
    const reply = ok(await kinesis('ListStreams', { Limit: 10000 }, t));
    expect(reply.StreamNames).toEqual(names.slice(0, 100));
    expect(reply.HasMoreStreams).toBe(true);
    expect(ok(await kinesis('ListStreams', {}, t)).StreamNames).toHaveLength(100);
  });

  it('rejects an unreadable NextToken', async () => {
    const reply = await kinesis('ListStreams', { NextToken: 'not-a-token' });
    expect(reply.status).toBe(400);
    expect(reply.body.__type).toBe('InvalidArgumentException');
  });
});
