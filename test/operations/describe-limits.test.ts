// DescribeLimits through the Worker: the shard limit (the test config's SHARD_LIMIT), open shards of live streams
// across creation, resharding and deletion, and on-demand streams with their limit of 50
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html,
// https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SHARD_LIMIT, STATUS_DELAY_MS, advance, createActiveStream, expectEmptyOk, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';

beforeEach(freshStart);
afterEach(() => restoreClock());

const limits = async (opts = {}) => ok(await kinesis('DescribeLimits', {}, opts));

it('answers the limit and zero counts for an account with no streams', async () => {
  expect(await limits()).toEqual({ ShardLimit: SHARD_LIMIT, OpenShardCount: 0, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50, ChannelCount: 0, ChannelCountLimit: 1000 });
});

it('counts open shards and on-demand streams as they change', async () => {
  await createActiveStream('p', 3);
  await createActiveStream('od', 1, { extra: { ShardCount: undefined, StreamModeDetails: { StreamMode: 'ON_DEMAND' } } });
  expect(await limits()).toEqual({ ShardLimit: SHARD_LIMIT, OpenShardCount: 7, OnDemandStreamCount: 1, OnDemandStreamCountLimit: 50, ChannelCount: 0, ChannelCountLimit: 1000 });
  ok(await kinesis('UpdateShardCount', { StreamName: 'p', TargetShardCount: 6, ScalingType: 'UNIFORM_SCALING' }));
  expect((await limits()).OpenShardCount).toBe(10);
  advance(STATUS_DELAY_MS);
  expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'od' }));
  expect(await limits()).toEqual({ ShardLimit: SHARD_LIMIT, OpenShardCount: 6, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50, ChannelCount: 0, ChannelCountLimit: 1000 });
  // Another account sees none of these.
  expect((await limits({ accessKey: '111111111111' })).OpenShardCount).toBe(0);
});

