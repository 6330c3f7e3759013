// ListShards: by StreamName/StreamARN or NextToken (never both), MaxResults paging, NextToken expiry after 300 s,
// ExclusiveStartShardId and every ShardFilter type (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, advance, createActiveStream, evenRanges, expectEmptyOk, kinesis, ok, restoreClock, shardId, uniqueName, freshStart } from '../helpers/kinesis';
import { detected, invalidArgument, item, maxValue, minValue, notActive, notFound, serialization } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

const ids = (reply: { Shards: { ShardId: string }[] }) => reply.Shards.map((s) => s.ShardId);
const ALL5 = [0, 1, 2, 3, 4].map(shardId);

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  const both = (other: string) => invalidArgument(`NextToken and ${other} cannot be provided together.`);
  const neither = invalidArgument('Either NextToken or StreamName should be provided.');
  itRefuses('ListShards', [
    ['rejects a string MaxResults', { StreamName: 's', MaxResults: 'x' }, serialization('class java.lang.String can not be converted to an Integer')],
    ['rejects a ShardFilter that is not a structure', { StreamName: 's', ShardFilter: 'AT_LATEST' }, serialization('Expected null')],
    ['rejects MaxResults 0', { StreamName: 's', MaxResults: 0 }, detected(item('0', 'maxResults', minValue(1)))],
    ['rejects MaxResults above 10000', { StreamName: 's', MaxResults: 10001 }, detected(item('10001', 'maxResults', maxValue(10000)))],
    [
      'rejects an unknown ShardFilter type',
      { StreamName: 's', ShardFilter: { Type: 'LATEST' } },
      detected(item('LATEST', 'shardFilter.type', 'Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]')),
    ],
    ['rejects NextToken together with StreamName', { StreamName: 's', NextToken: 'abc' }, both('StreamName')],
    ['rejects NextToken together with StreamARN', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s', NextToken: 'abc' }, both('StreamARN')],
    ['rejects NextToken together with ExclusiveStartShardId', { ExclusiveStartShardId: shardId(0), NextToken: 'abc' }, both('ExclusiveStartShardId')],
    ['rejects NextToken together with ShardFilter', { ShardFilter: { Type: 'AT_LATEST' }, NextToken: 'abc' }, both('ShardFilter')],
    ['requires NextToken or StreamName', {}, neither],
    ['requires NextToken or StreamName when only MaxResults is given', { MaxResults: 5 }, neither],
    ['answers ResourceNotFoundException for a missing stream', { StreamName: 'missing' }, notFound('missing')],
    [
      'answers ResourceInUseException while the stream is CREATING',
      { StreamName: 'ls-creating' },
      notActive('ls-creating', 'CREATING'),
      async () => expectEmptyOk(await kinesis('CreateStream', { StreamName: 'ls-creating', ShardCount: 1 })),
    ],
  ]);
});

describe('behaviour', () => {
  it('lists every shard with its ranges and no NextToken', async () => {
    await createActiveStream('ls-all', 3);
    const reply = ok(await kinesis('ListShards', { StreamName: 'ls-all' }));
    expect(Object.keys(reply)).toEqual(['Shards']);
    expect(reply.Shards.map((s: { ShardId: string; HashKeyRange: unknown }) => [s.ShardId, s.HashKeyRange])).toEqual(evenRanges(3).map((r, i) => [shardId(i), r]));
    const summary = ok(await kinesis('DescribeStream', { StreamName: 'ls-all' })).StreamDescription;
    expect(reply.Shards).toEqual(summary.Shards);
  });

  it('pages with MaxResults and NextToken', async () => {
    await createActiveStream('ls-paged', 5);
    const first = ok(await kinesis('ListShards', { StreamName: 'ls-paged', MaxResults: 2 }));
    expect(ids(first)).toEqual([shardId(0), shardId(1)]);
    expect(typeof first.NextToken).toBe('string');
    const second = ok(await kinesis('ListShards', { NextToken: first.NextToken, MaxResults: 2 }));
    expect(ids(second)).toEqual([shardId(2), shardId(3)]);
    const third = ok(await kinesis('ListShards', { NextToken: second.NextToken }));
    expect(ids(third)).toEqual([shardId(4)]);
    expect(third.NextToken).toBeUndefined();
  });

  it('gives no NextToken when MaxResults equals the shard count', async () => {
    await createActiveStream('ls-exact', 2);
    const reply = ok(await kinesis('ListShards', { StreamName: 'ls-exact', MaxResults: 2 }));
    expect(ids(reply)).toEqual([shardId(0), shardId(1)]);
    expect(reply.NextToken).toBeUndefined();
  });

  it('accepts a NextToken for 300 s and answers ExpiredNextTokenException after', async () => {
    await createActiveStream('ls-expiry', 3);
    const first = ok(await kinesis('ListShards', { StreamName: 'ls-expiry', MaxResults: 1 }));
    advance(300_000);
    expect(ids(ok(await kinesis('ListShards', { NextToken: first.NextToken, MaxResults: 1 })))).toEqual([shardId(1)]);
    advance(1);
    const expired = await kinesis('ListShards', { NextToken: first.NextToken });
    // AWS's wording for this error is not documented; the type is in the botocore model.
    expect(expired.status).toBe(400);
    expect(expired.body.__type).toBe('ExpiredNextTokenException');
    expect(typeof expired.body.message).toBe('string');
  });

  it('rejects a NextToken it did not issue', async () => {
    const reply = await kinesis('ListShards', { NextToken: 'garbage' });
    expect(reply.status).toBe(400);
    expect(reply.body.__type).toBe('InvalidArgumentException');
  });

  it('starts after ExclusiveStartShardId', async () => {
    await createActiveStream('ls-start', 5);
    expect(ids(ok(await kinesis('ListShards', { StreamName: 'ls-start', ExclusiveStartShardId: shardId(2) })))).toEqual([shardId(3), shardId(4)]);
    expect(ids(ok(await kinesis('ListShards', { StreamName: 'ls-start', ExclusiveStartShardId: shardId(4) })))).toEqual([]);
  });

  describe('ShardFilter', () => {
    // Every test restarts the clock at T0, so each makes its own stream.
    let name = '';
    beforeEach(async () => {
      name = uniqueName('ls-filter');
      await createActiveStream(name, 5);
    });

    it('AFTER_SHARD_ID lists the shards after the given one', async () => {
      expect(ids(ok(await kinesis('ListShards', { StreamName: name, ShardFilter: { Type: 'AFTER_SHARD_ID', ShardId: shardId(1) } })))).toEqual([shardId(2), shardId(3), shardId(4)]);
    });

    it('AFTER_SHARD_ID without a ShardId is an invalid argument', async () => {
      const reply = await kinesis('ListShards', { StreamName: name, ShardFilter: { Type: 'AFTER_SHARD_ID' } });
      expect(reply.status).toBe(400);
      expect(reply.body.__type).toBe('InvalidArgumentException');
    });

    // Without resharding every shard is open from creation on: each of these filters sees all of them.
    for (const type of ['AT_TRIM_HORIZON', 'FROM_TRIM_HORIZON', 'AT_LATEST']) {
      it(`${type} lists the open shards`, async () => {
        expect(ids(ok(await kinesis('ListShards', { StreamName: name, ShardFilter: { Type: type } })))).toEqual(ALL5);
      });
    }

    for (const type of ['AT_TIMESTAMP', 'FROM_TIMESTAMP']) {
      it(`${type} lists the shards open at or from the time`, async () => {
        const at = T0 / 1000 + 10;
        expect(ids(ok(await kinesis('ListShards', { StreamName: name, ShardFilter: { Type: type, Timestamp: at } })))).toEqual(ALL5);
        expect(ids(ok(await kinesis('ListShards', { StreamName: name, ShardFilter: { Type: type, Timestamp: T0 / 1000 - 3600 } })))).toEqual(ALL5);
      });

      it(`${type} without a Timestamp is an invalid argument`, async () => {
        const reply = await kinesis('ListShards', { StreamName: name, ShardFilter: { Type: type } });
        expect(reply.status).toBe(400);
        expect(reply.body.__type).toBe('InvalidArgumentException');
      });
    }

    it('combines with MaxResults and its NextToken keeps paging', async () => {
      const first = ok(await kinesis('ListShards', { StreamName: name, MaxResults: 2, ShardFilter: { Type: 'AFTER_SHARD_ID', ShardId: shardId(0) } }));
      expect(ids(first)).toEqual([shardId(1), shardId(2)]);
      expect(ids(ok(await kinesis('ListShards', { NextToken: first.NextToken })))).toEqual([shardId(3), shardId(4)]);
    });
  });
});
