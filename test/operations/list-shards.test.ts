// ListShards (facts §3.5): by StreamName/StreamARN or NextToken (never both), MaxResults paging, NextToken expiry
// after 300 s, ExclusiveStartShardId and every ShardFilter type.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, advance, createActiveStream, evenRanges, expectEmptyOk, expectError, kinesis, ok, restoreClock, shardId, uniqueName, freshStart } from '../helpers/kinesis';

const ids = (reply: { Shards: { ShardId: string }[] }) => reply.Shards.map((s) => s.ShardId);
const ALL5 = [0, 1, 2, 3, 4].map(shardId);

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('serialization', () => {
  it('rejects a string MaxResults', async () => {
    expectError(await kinesis('ListShards', { StreamName: 's', MaxResults: 'x' }), 'SerializationException', 'class java.lang.String can not be converted to an Integer');
  });

  it('rejects a ShardFilter that is not a structure', async () => {
    expectError(await kinesis('ListShards', { StreamName: 's', ShardFilter: 'AT_LATEST' }), 'SerializationException', 'Expected null');
  });
});

describe('validation', () => {
  it('rejects MaxResults 0 and above 10000', async () => {
    expectError(
      await kinesis('ListShards', { StreamName: 's', MaxResults: 0 }),
      'ValidationException',
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expectError(
      await kinesis('ListShards', { StreamName: 's', MaxResults: 10001 }),
      'ValidationException',
      "1 validation error detected: Value '10001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
  });

  it('rejects an unknown ShardFilter type', async () => {
    expectError(
      await kinesis('ListShards', { StreamName: 's', ShardFilter: { Type: 'LATEST' } }),
      'ValidationException',
      "1 validation error detected: Value 'LATEST' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]",
    );
  });

  it('rejects NextToken together with StreamName', async () => {
    expectError(await kinesis('ListShards', { StreamName: 's', NextToken: 'abc' }), 'InvalidArgumentException', 'NextToken and StreamName cannot be provided together.');
  });

  it('rejects NextToken together with StreamARN, ExclusiveStartShardId or ShardFilter', async () => {
    expectError(
      await kinesis('ListShards', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s', NextToken: 'abc' }),
      'InvalidArgumentException',
      'NextToken and StreamARN cannot be provided together.',
    );
    expectError(await kinesis('ListShards', { ExclusiveStartShardId: shardId(0), NextToken: 'abc' }), 'InvalidArgumentException', 'NextToken and ExclusiveStartShardId cannot be provided together.');
    expectError(await kinesis('ListShards', { ShardFilter: { Type: 'AT_LATEST' }, NextToken: 'abc' }), 'InvalidArgumentException', 'NextToken and ShardFilter cannot be provided together.');
  });

  it('requires NextToken or StreamName', async () => {
    expectError(await kinesis('ListShards', {}), 'InvalidArgumentException', 'Either NextToken or StreamName should be provided.');
    expectError(await kinesis('ListShards', { MaxResults: 5 }), 'InvalidArgumentException', 'Either NextToken or StreamName should be provided.');
  });
});

describe('behaviour', () => {
  it('answers ResourceNotFoundException for a missing stream', async () => {
    expectError(await kinesis('ListShards', { StreamName: 'missing' }), 'ResourceNotFoundException', 'Stream missing under account 000000000000 not found.');
  });

  it('answers ResourceInUseException while the stream is CREATING', async () => {
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'ls-creating', ShardCount: 1 }));
    expectError(await kinesis('ListShards', { StreamName: 'ls-creating' }), 'ResourceInUseException', 'Stream ls-creating under account 000000000000 not ACTIVE, instead in state CREATING');
  });

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
    // AWS's wording for this error is not known (facts §6); the type is modelled.
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
