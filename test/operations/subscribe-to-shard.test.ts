// SubscribeToShard through the Worker inside workerd: the answer's framing, records pushed as they are written,
// every starting position, the takeover rule, back-pressure, lifetime, cancellation, and the refusals before
// streaming (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshStart, restoreClock, createActiveStream, kinesis, ok, b64, putRecord, shardId, expectError, advance } from '../helpers/kinesis';
import { FrameReader, activeConsumer, subscribe, subscribeRaw, streamCreatedAt, subscribersOf, until } from './subscribe-to-shard-helpers';
import { runInDurableObject } from 'cloudflare:test';
import { bindings } from '../helpers/kinesis';
import { shardObjectName } from '../../src/objects/names';
import type { ShardObject } from '../../src/objects/shard-object';
import { subscriptionTiming } from '../../src/objects/subscribers';
import { SUBSCRIPTION_HEARTBEAT_MS, SUBSCRIPTION_LIFETIME_MS } from '../../src/limits';

beforeEach(freshStart);
afterEach(() => {
  restoreClock();
  subscriptionTiming.heartbeatMs = SUBSCRIPTION_HEARTBEAT_MS;
  subscriptionTiming.lifetimeMs = SUBSCRIPTION_LIFETIME_MS;
});

describe('streaming', () => {
  it('answers 200 with an event stream: initial-response, then an event at once, then a put record as it is written', async () => {
    await createActiveStream('live');
    const arn = await activeConsumer('live');
    const res = await subscribeRaw({ ConsumerARN: arn, ShardId: shardId(0), StartingPosition: { Type: 'LATEST' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-amz-id-2')).toBeTruthy();
    await res.body!.cancel();
    advance(5000);

    const reader = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    const first = await reader.next();
    expect(first!.headers).toEqual({ ':event-type': 'SubscribeToShardEvent', ':content-type': 'application/x-amz-json-1.1', ':message-type': 'event' });
    expect(first!.json).toEqual({ ContinuationSequenceNumber: expect.stringMatching(/^\d{56}$/), MillisBehindLatest: 0, Records: [] });
    const put = await putRecord('live', 'pk', 'hello');
    const event = await reader.nextWithRecords();
    expect(event!.json.Records).toEqual([
      { SequenceNumber: put.SequenceNumber, ApproximateArrivalTimestamp: expect.any(Number), Data: b64('hello'), PartitionKey: 'pk' },
    ]);
    expect(event!.json.ContinuationSequenceNumber).toBe(put.SequenceNumber);
    expect(event!.json.MillisBehindLatest).toBe(0);
    await reader.cancel();
  });
});

describe('cancellation', () => {
  // A cancelled reader is noticed when the next message is written to it: a put's records or, at the latest, the
  // next heartbeat (shortened here).
  it('a reader that cancels the stream the shard object returned over RPC is removed from the object', async () => {
    subscriptionTiming.heartbeatMs = 50;
    await createActiveStream('gone-reader');
    const arn = await activeConsumer('gone-reader');
    const createdAt = await streamCreatedAt('gone-reader');
    const shard = bindings.SHARD.getByName(shardObjectName({ account: '000000000000', region: 'us-east-1' }, 'gone-reader', createdAt, 0));
    const ref = { account: '000000000000', region: 'us-east-1', streamName: 'gone-reader', streamCreatedAt: createdAt, shardIndex: 0, shardCreatedAt: createdAt };
    const result = await shard.subscribe(ref, arn, { type: 'TRIM_HORIZON' }, 'json');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const reader = new FrameReader(result.value);
    expect((await reader.next())!.headers[':event-type']).toBe('initial-response');
    expect((await reader.next())!.headers[':event-type']).toBe('SubscribeToShardEvent');
    expect(await runInDurableObject(shard, (o: ShardObject) => subscribersOf(o).size)).toBe(1);
    await reader.cancel();
    expect(await until(() => runInDurableObject(shard, (o: ShardObject) => subscribersOf(o).size === 0))).toBe(true);
  });

  it('a client that cancels the answer through the Worker is removed from the shard object', async () => {
    subscriptionTiming.heartbeatMs = 50;
    await createActiveStream('gone-client');
    const arn = await activeConsumer('gone-client');
    const shard = bindings.SHARD.getByName(shardObjectName({ account: '000000000000', region: 'us-east-1' }, 'gone-client', await streamCreatedAt('gone-client'), 0));
    const reader = await subscribe(arn, shardId(0), { Type: 'TRIM_HORIZON' });
    await reader.next();
    expect(await runInDurableObject(shard, (o: ShardObject) => subscribersOf(o).size)).toBe(1);
    await reader.cancel();
    expect(await until(() => runInDurableObject(shard, (o: ShardObject) => subscribersOf(o).size === 0))).toBe(true);
  });
});
