// MergeShards through the Worker: AWS's refusals, then the child's lineage and range, and both parents ending with
// the child in ChildShards (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, createActiveStream, evenRanges, expectEmptyOk, freshStart, kinesis, ok, putRecord, restoreClock, shardId, shardIterator } from '../helpers/kinesis';
import { notActive, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

const merge = (name: string, a: number, b: number) => kinesis('MergeShards', { StreamName: name, ShardToMerge: shardId(a), AdjacentShardToMerge: shardId(b) });
const notAdjacent = (name: string, a: number, b: number) => ({
  type: 'InvalidArgumentException',
  message: `Shards ${shardId(a)} and ${shardId(b)} in stream ${name} under account 000000000000 are not an adjacent pair of shards eligible for merging`,
});

describe('refusals', () => {
  itRefuses('MergeShards', [
    ['answers a missing stream', { StreamName: 'missing', ShardToMerge: shardId(0), AdjacentShardToMerge: shardId(1) }, notFound('missing')],
    [
      'needs an ACTIVE stream',
      { StreamName: 'creating', ShardToMerge: shardId(0), AdjacentShardToMerge: shardId(1) },
      notActive('creating', 'CREATING'),
      async () => expectEmptyOk(await kinesis('CreateStream', { StreamName: 'creating', ShardCount: 2 })),
    ],
    [
      'answers a shard the stream does not have',
      { StreamName: 'm3', ShardToMerge: shardId(0), AdjacentShardToMerge: shardId(7) },
      { type: 'ResourceNotFoundException', message: 'Could not find shard shardId-000000000007 in stream m3 under account 000000000000.' },
      () => createActiveStream('m3', 3),
    ],
    ['refuses shards that are not adjacent', { StreamName: 'm3', ShardToMerge: shardId(0), AdjacentShardToMerge: shardId(2) }, notAdjacent('m3', 0, 2), () => createActiveStream('m3', 3)],
    ['refuses them in the other order too', { StreamName: 'm3', ShardToMerge: shardId(2), AdjacentShardToMerge: shardId(0) }, notAdjacent('m3', 2, 0), () => createActiveStream('m3', 3)],
    ['refuses a shard merged with itself', { StreamName: 'm3', ShardToMerge: shardId(1), AdjacentShardToMerge: shardId(1) }, notAdjacent('m3', 1, 1), () => createActiveStream('m3', 3)],
  ]);

  it('refuses a shard that was already merged', async () => {
    await createActiveStream('again', 3);
    expectEmptyOk(await merge('again', 0, 1));
    advance(STATUS_DELAY_MS);
    const reply = await merge('again', 1, 2);
    expect(reply.body).toEqual({
      __type: 'InvalidArgumentException',
      message: 'Shard shardId-000000000001 in stream again under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.',
    });
  });
});

describe('behaviour', () => {
  it('adds one child over both ranges, ParentShardId the shard asked to merge, and ends both parents with it', async () => {
    await createActiveStream('mg', 2);
    const ranges = evenRanges(2);
    const a = await putRecord('mg', 'x', 'before');
    expectEmptyOk(await merge('mg', 1, 0));
    const shards = ok(await kinesis('DescribeStream', { StreamName: 'mg' })).StreamDescription.Shards;
    expect(shards[2]).toMatchObject({
      ShardId: shardId(2), ParentShardId: shardId(1), AdjacentParentShardId: shardId(0),
      HashKeyRange: { StartingHashKey: ranges[0].StartingHashKey, EndingHashKey: ranges[1].EndingHashKey },
    });
    expect(shards.slice(0, 2).every((s: any) => s.SequenceNumberRange.EndingSequenceNumber !== undefined)).toBe(true);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'mg' })).StreamDescriptionSummary.OpenShardCount).toBe(1);
    expect((await putRecord('mg', 'x', 'after')).ShardId).toBe(shardId(2));
    const child = { ShardId: shardId(2), ParentShards: [shardId(1), shardId(0)], HashKeyRange: { StartingHashKey: ranges[0].StartingHashKey, EndingHashKey: ranges[1].EndingHashKey } };
    for (const parent of [0, 1]) {
      const reply = ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('mg', shardId(parent)) }));
      expect(reply.ChildShards).toEqual([child]);
      expect(reply.NextShardIterator).toBeUndefined();
      if (shardId(parent) === a.ShardId) expect(reply.Records.map((r: any) => r.SequenceNumber)).toEqual([a.SequenceNumber]);
    }
  });
});
