// SplitShard through the Worker: AWS's refusals in AWS's order, then what a split does to the shard map, to writes
// (at once, even through a stale cached map), to reads of the parent (ChildShards at its end) and to the listings
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html).
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  STATUS_DELAY_MS, advance, b64, bindings, createActiveStream, evenRanges, expectEmptyOk, freshStart, kinesis, ok, putRecord,
  restoreClock, shardId, shardIterator,
} from '../helpers/kinesis';
import { invalidArgument, notActive, notFound, validation } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

const MAX = (2n ** 128n - 1n).toString();
const THIRD = evenRanges(3);
const describeShards = async (name: string) => ok(await kinesis('DescribeStream', { StreamName: name })).StreamDescription.Shards;
const split = (name: string, shard: number, key: string) =>
  kinesis('SplitShard', { StreamName: name, ShardToSplit: shardId(shard), NewStartingHashKey: key });
/** A partition key whose MD5 falls in [lo, hi], found by trying, so tests can aim at one half of a split. */
function keyIn(lo: bigint, hi: bigint): string {
  for (let i = 0; ; i++) {
    const k = `k${i}`;
    const h = BigInt('0x' + createHash('md5').update(k).digest('hex'));
    if (h >= lo && h <= hi) return k;
  }
}

describe('refusals', () => {
  itRefuses('SplitShard', [
    [
      'reads the shard id before looking for the stream',
      { StreamName: 'missing', ShardToSplit: 'nonsense', NewStartingHashKey: '5' },
      { type: 'ResourceNotFoundException', message: 'Could not find shard nonsense in stream missing under account 000000000000.' },
    ],
    ['answers a missing stream with ResourceNotFoundException', { StreamName: 'missing', ShardToSplit: shardId(0), NewStartingHashKey: '5' }, notFound('missing')],
    [
      'needs an ACTIVE stream',
      { StreamName: 'creating', ShardToSplit: shardId(0), NewStartingHashKey: '5' },
      notActive('creating', 'CREATING'),
      async () => expectEmptyOk(await kinesis('CreateStream', { StreamName: 'creating', ShardCount: 1 })),
    ],
    [
      'answers a shard the stream does not have',
      { StreamName: 's3', ShardToSplit: shardId(5), NewStartingHashKey: '5' },
      { type: 'ResourceNotFoundException', message: 'Could not find shard shardId-000000000005 in stream s3 under account 000000000000.' },
      () => createActiveStream('s3', 3),
    ],
    [
      'refuses a key not above the start plus one (AWS\'s recorded message)',
      { StreamName: 's3', ShardToSplit: shardId(0), NewStartingHashKey: '1' },
      invalidArgument(
        `NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream s3 under account 000000000000 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey ${THIRD[0].EndingHashKey}.`,
      ),
      () => createActiveStream('s3', 3),
    ],
    [
      'refuses a key at the shard\'s end',
      { StreamName: 's3', ShardToSplit: shardId(1), NewStartingHashKey: THIRD[1].EndingHashKey },
      invalidArgument(
        `NewStartingHashKey ${THIRD[1].EndingHashKey} used in SplitShard() on shard shardId-000000000001 in stream s3 under account 000000000000 is not both greater than one plus the shard's StartingHashKey ${THIRD[1].StartingHashKey} and less than the shard's EndingHashKey ${THIRD[1].EndingHashKey}.`,
      ),
      () => createActiveStream('s3', 3),
    ],
    [
      'refuses an on-demand stream',
      { StreamName: 'od', ShardToSplit: shardId(0), NewStartingHashKey: '5' },
      validation('Request is invalid. Stream od under account 000000000000 is in On-Demand mode.'),
      () => createActiveStream('od', 1, { extra: { ShardCount: undefined, StreamModeDetails: { StreamMode: 'ON_DEMAND' } } }),
    ],
  ]);

  it('refuses to split a shard again once it was split, and refuses while the stream is UPDATING', async () => {
    await createActiveStream('twice', 1);
    expectEmptyOk(await split('twice', 0, '1000'));
    const updating = await split('twice', 1, '10');
    expect(updating.body).toEqual({ __type: 'ResourceInUseException', message: notActive('twice', 'UPDATING').message });
    advance(STATUS_DELAY_MS);
    const again = await split('twice', 0, '500');
    expect(again.body).toEqual({
      __type: 'InvalidArgumentException',
      message: 'Shard shardId-000000000000 in stream twice under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.',
    });
  });

  it('answers the account shard limit with CreateStream\'s message, naming one additional shard', async () => {
    await createActiveStream('full', 50); // the test config's SHARD_LIMIT
    const reply = await split('full', 0, '1000');
    expect(reply.body.__type).toBe('LimitExceededException');
    expect(reply.body.message).toContain('Current shard count for the account: 50. Limit: 50. Number of additional shards that would have resulted from this request: 1.');
    expect((await describeShards('full')).length).toBe(50);
  });
});

describe('behaviour', () => {
  it('closes the parent and adds two children with the right ranges; UPDATING for updateStreamMs, then ACTIVE', async () => {
    await createActiveStream('sp', 1);
    expectEmptyOk(await split('sp', 0, '1000'));
    const summary = ok(await kinesis('DescribeStreamSummary', { StreamName: 'sp' })).StreamDescriptionSummary;
    expect([summary.StreamStatus, summary.OpenShardCount]).toEqual(['UPDATING', 2]);
    const shards = await describeShards('sp');
    expect(shards.map((s: any) => [s.ShardId, s.ParentShardId, s.HashKeyRange.StartingHashKey, s.HashKeyRange.EndingHashKey])).toEqual([
      [shardId(0), undefined, '0', MAX],
      [shardId(1), shardId(0), '0', '999'],
      [shardId(2), shardId(0), '1000', MAX],
    ]);
    const parent = shards[0].SequenceNumberRange;
    expect(BigInt(parent.EndingSequenceNumber) > BigInt(parent.StartingSequenceNumber)).toBe(true);
    expect(shards[1].SequenceNumberRange.EndingSequenceNumber).toBeUndefined();
    advance(STATUS_DELAY_MS);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'sp' })).StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
  });

  it('routes new writes to the children at once, even when this isolate\'s cached map still has the parent open', async () => {
    await createActiveStream('route', 1);
    const before = await putRecord('route', 'p', 'before');
    expect(before.ShardId).toBe(shardId(0));
    // Split through the stream object directly: the Worker's cache is not told, as another isolate's would not be.
    const outcome = await bindings.STREAM.getByName('000000000000:us-east-1:stream:route').reshard(
      { name: 'route', account: '000000000000', type: 'split', shardIndex: 0, newStartingHashKey: (2n ** 127n).toString() }, 50, 0,
    );
    expect(outcome.ok).toBe(true);
    const low = keyIn(0n, 2n ** 127n - 1n);
    const high = keyIn(2n ** 127n, 2n ** 128n - 1n);
    expect((await putRecord('route', low, 'low')).ShardId).toBe(shardId(1));
    const batch = ok(await kinesis('PutRecords', { StreamName: 'route', Records: [{ PartitionKey: high, Data: b64('h') }, { PartitionKey: low, Data: b64('l') }] }));
    expect(batch.FailedRecordCount).toBe(0);
    expect(batch.Records.map((r: any) => r.ShardId)).toEqual([shardId(2), shardId(1)]);
  });

  it('reads the parent to its end, then answers ChildShards and no NextShardIterator', async () => {
    await createActiveStream('drain', 1);
    const puts = [await putRecord('drain', 'a', '1'), await putRecord('drain', 'b', '2')];
    expectEmptyOk(await split('drain', 0, '1000'));
    let iterator = await shardIterator('drain', shardId(0));
    const first = ok(await kinesis('GetRecords', { ShardIterator: iterator, Limit: 1 }));
    expect(first.Records.map((r: any) => r.SequenceNumber)).toEqual([puts[0].SequenceNumber]);
    expect(first.ChildShards).toBeUndefined();
    iterator = first.NextShardIterator;
    const last = ok(await kinesis('GetRecords', { ShardIterator: iterator }));
    expect(last.Records.map((r: any) => r.SequenceNumber)).toEqual([puts[1].SequenceNumber]);
    expect(last.NextShardIterator).toBeUndefined();
    expect(last.ChildShards).toEqual([
      { ShardId: shardId(1), ParentShards: [shardId(0)], HashKeyRange: { StartingHashKey: '0', EndingHashKey: '999' } },
      { ShardId: shardId(2), ParentShards: [shardId(0)], HashKeyRange: { StartingHashKey: '1000', EndingHashKey: MAX } },
    ]);
  });

  it('takes the parent\'s EndingSequenceNumber in GetShardIterator, which positions at the end', async () => {
    await createActiveStream('ending', 1);
    await putRecord('ending', 'a', '1');
    expectEmptyOk(await split('ending', 0, '1000'));
    const ending = (await describeShards('ending'))[0].SequenceNumberRange.EndingSequenceNumber;
    for (const type of ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER']) {
      const iterator = await shardIterator('ending', shardId(0), type, { StartingSequenceNumber: ending });
      const reply = ok(await kinesis('GetRecords', { ShardIterator: iterator }));
      expect(reply.Records).toEqual([]);
      expect(reply.ChildShards.map((c: any) => c.ShardId)).toEqual([shardId(1), shardId(2)]);
    }
    // LATEST on a closed shard is its end as well.
    const latest = ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('ending', shardId(0), 'LATEST') }));
    expect([latest.Records, latest.NextShardIterator === undefined]).toEqual([[], true]);
  });

  it('lists what each ShardFilter type names after a split, and drops the parent once past retention', async () => {
    await createActiveStream('lf', 1);
    const t0 = Date.now();
    advance(60_000);
    const splitAt = Date.now();
    expectEmptyOk(await split('lf', 0, '1000'));
    const list = async (filter?: object) =>
      ok(await kinesis('ListShards', { StreamName: 'lf', ...(filter ? { ShardFilter: filter } : {}) })).Shards.map((s: any) => s.ShardId);
    const all = [shardId(0), shardId(1), shardId(2)];
    expect(await list()).toEqual(all);
    expect(await list({ Type: 'AT_LATEST' })).toEqual([shardId(1), shardId(2)]);
    expect(await list({ Type: 'AT_TRIM_HORIZON' })).toEqual([shardId(0)]);
    expect(await list({ Type: 'FROM_TRIM_HORIZON' })).toEqual(all);
    expect(await list({ Type: 'AFTER_SHARD_ID', ShardId: shardId(0) })).toEqual([shardId(1), shardId(2)]);
    expect(await list({ Type: 'AT_TIMESTAMP', Timestamp: (t0 + 1000) / 1000 })).toEqual([shardId(0)]);
    expect(await list({ Type: 'FROM_TIMESTAMP', Timestamp: (t0 + 1000) / 1000 })).toEqual(all);
    expect(await list({ Type: 'FROM_TIMESTAMP', Timestamp: Date.now() / 1000 + 1 })).toEqual([shardId(1), shardId(2)]);
    // At the instant of the split, the parent (end >= t) and its children (start <= t) are both open.
    expect(await list({ Type: 'AT_TIMESTAMP', Timestamp: splitAt / 1000 })).toEqual(all);
    advance(24 * 3600_000 + 1000);
    expect(await list()).toEqual([shardId(1), shardId(2)]);
    expect(await list({ Type: 'AT_TRIM_HORIZON' })).toEqual([shardId(1), shardId(2)]);
  });
});

describe('through a stale cached map', () => {
  it('GetShardIterator finds a child made through another isolate at once', async () => {
    await createActiveStream('stale', 1);
    await putRecord('stale', 'p', 'cached'); // the map is now cached in this isolate
    const outcome = await bindings.STREAM.getByName('000000000000:us-east-1:stream:stale').reshard(
      { name: 'stale', account: '000000000000', type: 'split', shardIndex: 0, newStartingHashKey: '1000' }, 50, 0,
    );
    expect(outcome.ok).toBe(true);
    expect(typeof (await shardIterator('stale', shardId(2)))).toBe('string');
  });
});
