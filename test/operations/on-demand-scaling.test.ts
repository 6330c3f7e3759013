// On-demand scaling through the Worker: a shard of an on-demand stream written above 500 KiB/s for
// ON_DEMAND_SPLIT_SUSTAINED_SECONDS whole seconds in a row is split in the middle of its range, the parent closed
// (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html: "When the incoming traffic exceeds
// 500 KB/s per shard, it splits the shard within 15 minutes"); a provisioned stream's shard never is. The fake
// clock moves the seconds; the split is asked for after the put answers, so the test polls for it with a bound.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, bindings, createActiveStream, expectEmptyOk, freshStart, kinesis, ok, restoreClock, shardId } from '../helpers/kinesis';
import { streamObjectName } from '../../src/objects/names';
import { MAX_HASH_KEY, ON_DEMAND_SPLIT_BYTES_PER_SEC, ON_DEMAND_SPLIT_SUSTAINED_SECONDS } from '../../src/limits';

beforeEach(freshStart);
afterEach(() => restoreClock());

const ACCOUNT = '000000000000';
const arn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
// 500 records of 1,100 bytes: about 537 KiB per call, above the 500 KiB/s split rate within one second.
const payload = Buffer.alloc(1100, 7).toString('base64');
const hotSecond = async (name: string, second: number) => {
  const reply = ok(await kinesis('PutRecords', { StreamName: name, Records: Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `k${second}-${i}`, Data: payload })) }));
  expect(reply.FailedRecordCount).toBe(0);
};
const shards = async (name: string) => ok(await kinesis('ListShards', { StreamName: name })).Shards;

it('a test payload is above the split rate (else this file proves nothing)', () => {
  expect(500 * 1100).toBeGreaterThan(ON_DEMAND_SPLIT_BYTES_PER_SEC);
});

it('splits a shard of an on-demand stream written above its split rate for the sustained window, evenly', async () => {
  await createActiveStream('hot', 1);
  expectEmptyOk(await kinesis('UpdateStreamMode', { StreamARN: arn('hot'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
  advance(STATUS_DELAY_MS);
  for (let s = 0; s < ON_DEMAND_SPLIT_SUSTAINED_SECONDS; s++) {
    await hotSecond('hot', s);
    expect((await shards('hot')).length).toBe(1);
    advance(1000);
  }
  // The first put after the window asks for the split.
  await hotSecond('hot', ON_DEMAND_SPLIT_SUSTAINED_SECONDS);
  // The Worker's stream cache lives by the (fake) clock: moving it on a little each poll lets the new map show.
  let listed: any[] = [];
  for (let i = 0; i < 200 && listed.length < 3; i++) {
    advance(50);
    listed = await shards('hot');
  }
  expect(listed.map((s) => s.ShardId)).toEqual([shardId(0), shardId(1), shardId(2)]);
  const half = (MAX_HASH_KEY + 1n) / 2n;
  expect(listed[0].SequenceNumberRange.EndingSequenceNumber).toBeDefined();
  expect(listed.slice(1).map((s) => [s.ParentShardId, s.HashKeyRange])).toEqual([
    [shardId(0), { StartingHashKey: '0', EndingHashKey: (half - 1n).toString() }],
    [shardId(0), { StartingHashKey: half.toString(), EndingHashKey: MAX_HASH_KEY.toString() }],
  ]);
  const summary = ok(await kinesis('DescribeStreamSummary', { StreamName: 'hot' })).StreamDescriptionSummary;
  expect([summary.StreamStatus, summary.OpenShardCount, summary.WarmThroughput]).toEqual(['ACTIVE', 2, { CurrentMiBps: 2 }]);
  expect(ok(await kinesis('DescribeLimits', {})).OpenShardCount).toBe(2);
  // Writes go on, to the children.
  const after = ok(await kinesis('PutRecord', { StreamName: 'hot', PartitionKey: 'after', Data: payload }));
  expect([shardId(1), shardId(2)]).toContain(after.ShardId);
});

it('the stream object refuses to split a provisioned stream\'s shard, a closed one, or one of another generation', async () => {
  await createActiveStream('cold', 2);
  const stream = bindings.STREAM.getByName(streamObjectName({ account: ACCOUNT, region: 'us-east-1' }, 'cold'));
  const state = (await stream.state())!;
  expect(await stream.autoSplit(state.createdAt, 0)).toEqual({ split: false });
  expectEmptyOk(await kinesis('UpdateStreamMode', { StreamARN: arn('cold'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
  expect(await stream.autoSplit(state.createdAt - 1, 0)).toEqual({ split: false });
  expect(await stream.autoSplit(state.createdAt, 0)).toEqual({ split: true });
  expect(await stream.autoSplit(state.createdAt, 0)).toEqual({ split: false });
  expect((await shards('cold')).length).toBe(4);
});

it('does not split past the account shard limit', async () => {
  await createActiveStream('full', 49); // the test config's SHARD_LIMIT is 50
  await createActiveStream('od', 1);
  expectEmptyOk(await kinesis('UpdateStreamMode', { StreamARN: arn('od'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
  const stream = bindings.STREAM.getByName(streamObjectName({ account: ACCOUNT, region: 'us-east-1' }, 'od'));
  const generation = (await stream.state())!.createdAt;
  expect(await stream.autoSplit(generation, 0)).toEqual({ split: false });
  expect((await shards('od')).length).toBe(1);
});
