// SubscribeToShard through the Worker inside workerd: the answer's framing, records pushed as they are written,
// every starting position, the takeover rule, back-pressure, lifetime, cancellation, and the refusals before
// streaming (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshStart, restoreClock, createActiveStream, kinesis, ok, b64, putRecord, shardId, expectError, expectEmptyOk, advance, JSON_11, TARGET_PREFIX, signatureHeaders } from '../helpers/kinesis';
import { SELF } from 'cloudflare:test';
import { decodeCbor, encodeCbor } from '../../src/protocol/cbor';
import { EpochTime } from '../../src/protocol/values';
import { endingSequenceNumber } from '../../src/model/sequence-number';
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
    // No heartbeat in this test's time: only the put itself can wake the subscription.
    subscriptionTiming.heartbeatMs = 600_000;
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

const ACCOUNT = '000000000000';
const putRecords = async (name: string, data: string[]) =>
  ok(await kinesis('PutRecords', { StreamName: name, Records: data.map((d, i) => ({ PartitionKey: `k${i}`, Data: b64(d) })) })).Records as { SequenceNumber: string }[];
const texts = (event: any) => event.json.Records.map((r: any) => Buffer.from(r.Data, 'base64').toString('utf8'));

describe('records', () => {
  it('the records of one PutRecords arrive in one event, in order, after those of an earlier put', async () => {
    subscriptionTiming.heartbeatMs = 600_000;
    await createActiveStream('batch');
    const arn = await activeConsumer('batch');
    const reader = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    await reader.next();
    const one = await putRecord('batch', 'pk', 'single');
    expect(texts(await reader.nextWithRecords())).toEqual(['single']);
    const batch = Array.from({ length: 300 }, (_, i) => `r${i}`);
    const acked = await putRecords('batch', batch);
    const event = await reader.nextWithRecords();
    expect(texts(event)).toEqual(batch);
    expect(event!.json.Records.map((r: any) => r.SequenceNumber)).toEqual(acked.map((r) => r.SequenceNumber));
    expect(event!.json.ContinuationSequenceNumber).toBe(acked[299].SequenceNumber);
    expect(BigInt(acked[0].SequenceNumber)).toBeGreaterThan(BigInt(one.SequenceNumber));
    await reader.cancel();
  });

  it('every starting position: TRIM_HORIZON, LATEST, AT_ and AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP', async () => {
    await createActiveStream('positions');
    const arn = await activeConsumer('positions');
    const a = await putRecord('positions', 'pk', 'a');
    advance(1000);
    const bAt = Date.now();
    const b = await putRecord('positions', 'pk', 'b');
    const c = await putRecord('positions', 'pk', 'c');
    const firstRecords = async (position: Record<string, unknown>) => {
      advance(5000); // past the previous subscription's 5 s window
      const reader = await subscribe(arn, shardId(0), position);
      const event = await reader.next();
      await reader.cancel();
      return texts(event);
    };
    expect(await firstRecords({ Type: 'TRIM_HORIZON' })).toEqual(['a', 'b', 'c']);
    expect(await firstRecords({ Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: b.SequenceNumber })).toEqual(['b', 'c']);
    expect(await firstRecords({ Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: b.SequenceNumber })).toEqual(['c']);
    expect(await firstRecords({ Type: 'AT_TIMESTAMP', Timestamp: bAt / 1000 })).toEqual(['b', 'c']);
    expect(await firstRecords({ Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: a.SequenceNumber })).toEqual(['a', 'b', 'c']);
    advance(5000);
    const latest = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    expect((await latest.next())!.json.Records).toEqual([]);
    await putRecord('positions', 'pk', 'd');
    expect(texts(await latest.nextWithRecords())).toEqual(['d']);
    await latest.cancel();
    // An empty event's continuation resumes where it was: AFTER_SEQUENCE_NUMBER with it gives what came next.
    advance(5000);
    const tip = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    const empty = await tip.next();
    expect(empty!.json.Records).toEqual([]);
    await tip.cancel();
    await putRecord('positions', 'pk', 'e');
    expect(await firstRecords({ Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: empty!.json.ContinuationSequenceNumber })).toEqual(['e']);
    void c;
  });

  it('answers in CBOR for a CBOR request: events in application/x-amz-cbor-1.1, timestamps as tag 1 epoch ms, data as bytes', async () => {
    await createActiveStream('cbor');
    const arn = await activeConsumer('cbor');
    const put = await putRecord('cbor', 'pk', 'hi');
    const res = await SELF.fetch('http://kinesis.test/', {
      method: 'POST',
      headers: { 'X-Amz-Target': `${TARGET_PREFIX}.SubscribeToShard`, 'Content-Type': 'application/x-amz-cbor-1.1', ...signatureHeaders() },
      body: encodeCbor({ ConsumerARN: arn, ShardId: shardId(0), StartingPosition: { Type: 'TRIM_HORIZON' } }),
    });
    expect(res.status).toBe(200);
    const reader = new FrameReader(res.body!);
    const initial = await reader.next();
    expect(initial!.headers).toEqual({ ':event-type': 'initial-response', ':content-type': 'application/x-amz-cbor-1.1', ':message-type': 'event' });
    expect(Array.from(initial!.body)).toEqual([0xa0]); // an empty CBOR map
    const event = await reader.next();
    expect(event!.headers[':content-type']).toBe('application/x-amz-cbor-1.1');
    // Tag 1 (0xc1) around an integer, found in the raw bytes, then the decoded values.
    expect(Buffer.from(event!.body).includes(Buffer.from([0xc1]))).toBe(true);
    const decoded = decodeCbor(event!.body) as any;
    expect(decoded.Records).toHaveLength(1);
    expect(decoded.Records[0].SequenceNumber).toBe(put.SequenceNumber);
    expect(new TextDecoder().decode(decoded.Records[0].Data)).toBe('hi');
    expect(decoded.Records[0].ApproximateArrivalTimestamp).toBe(Date.now());
    await reader.cancel();
    void EpochTime;
  });
});

describe('positions at the edges', () => {
  it('AFTER_SEQUENCE_NUMBER of the largest counter the layout holds streams empty events instead of failing', async () => {
    await createActiveStream('edge');
    const arn = await activeConsumer('edge');
    // What a closed shard reports as its EndingSequenceNumber: the counter's largest value.
    const top = endingSequenceNumber(Math.floor((await streamCreatedAt('edge')) / 1000), 0, Math.floor(Date.now() / 1000));
    const res = await subscribeRaw({ ConsumerARN: arn, ShardId: shardId(0), StartingPosition: { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: top } });
    expect(res.status).toBe(200);
    const reader = new FrameReader(res.body!);
    expect((await reader.next())!.headers[':event-type']).toBe('initial-response');
    const event = await reader.next();
    expect(event!.json).toMatchObject({ Records: [], MillisBehindLatest: 0, ContinuationSequenceNumber: expect.stringMatching(/^\d+$/) });
    await reader.cancel();
  });
});

describe('the per-event cap (10 MiB)', () => {
  it('two 6 MB PutRecords written before subscribing come as two events, each batch whole, not one event cut at 10 MiB', async () => {
    await createActiveStream('big');
    const arn = await activeConsumer('big');
    const chunk = 'z'.repeat(500_000);
    const first = await putRecords('big', Array.from({ length: 12 }, (_, i) => `a${i}-${chunk}`));
    advance(1);
    const second = await putRecords('big', Array.from({ length: 12 }, (_, i) => `b${i}-${chunk}`));
    const reader = await subscribe(arn, shardId(0), { Type: 'TRIM_HORIZON' });
    const seqs = (f: any) => f.json.Records.map((r: any) => r.SequenceNumber);
    const e1 = await reader.nextWithRecords();
    const e2 = await reader.nextWithRecords();
    expect(seqs(e1)).toEqual(first.map((r) => r.SequenceNumber));
    expect(seqs(e2)).toEqual(second.map((r) => r.SequenceNumber));
    await reader.cancel();
  });

  it('records that arrived together and pass the cap together are split at the cap, none lost', async () => {
    await createActiveStream('huge');
    const arn = await activeConsumer('huge');
    const chunk = 'z'.repeat(500_000);
    // No clock movement: both puts share one arrival time, one group of 24 records (12 MB).
    const acked = [...(await putRecords('huge', Array.from({ length: 12 }, (_, i) => `a${i}-${chunk}`))), ...(await putRecords('huge', Array.from({ length: 12 }, (_, i) => `b${i}-${chunk}`)))];
    const reader = await subscribe(arn, shardId(0), { Type: 'TRIM_HORIZON' });
    const e1 = await reader.nextWithRecords();
    const e2 = await reader.nextWithRecords();
    expect(e1!.json.Records).toHaveLength(20); // 20 x 500 KB + keys fit under 10 MiB, 21 do not
    expect([...e1!.json.Records, ...e2!.json.Records].map((r: any) => r.SequenceNumber)).toEqual(acked.map((r) => r.SequenceNumber));
    await reader.cancel();
  });
});

describe('one subscription per consumer and shard', () => {
  it('a second call within 5 s is refused; after 5 s it takes over and the first stream ends', async () => {
    await createActiveStream('twice', 2);
    const arn = await activeConsumer('twice');
    const first = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    await first.next();
    advance(4999);
    expectError(
      await kinesis('SubscribeToShard', { ConsumerARN: arn, ShardId: shardId(0), StartingPosition: { Type: 'LATEST' } }),
      'ResourceInUseException',
      `Another active subscription exists for this consumer: ${arn}`,
    );
    // Another shard, or another consumer on this one, is not affected.
    const other = await subscribe(arn, shardId(1), { Type: 'LATEST' });
    const second = await activeConsumer('twice', 'second');
    const secondReader = await subscribe(second, shardId(0), { Type: 'LATEST' });
    advance(1);
    const takeover = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    // The first stream ends normally (after whatever it was already sent).
    for (let f = await first.next(); f !== null; f = await first.next()) expect(f.headers[':message-type']).toBe('event');
    await putRecord('twice', 'pk-for-0', 'x', { extra: { ExplicitHashKey: '0' } });
    expect(texts(await takeover.nextWithRecords())).toEqual(['x']);
    expect(texts(await secondReader.nextWithRecords())).toEqual(['x']);
    await Promise.all([other.cancel(), secondReader.cancel(), takeover.cancel()]);
  });

  it('ends normally when its lifetime is over', async () => {
    subscriptionTiming.lifetimeMs = 100;
    await createActiveStream('short');
    const arn = await activeConsumer('short');
    const reader = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    let events = 0;
    for (let f = await reader.next(); f !== null; f = await reader.next()) {
      expect(f.headers[':message-type']).toBe('event');
      events++;
    }
    expect(events).toBeGreaterThanOrEqual(1);
  });
});

describe('back-pressure', () => {
  it('a reader that does not read is not fed: the object stays behind, and the reader later gets every record in order', async () => {
    await createActiveStream('slow');
    const arn = await activeConsumer('slow');
    const shard = bindings.SHARD.getByName(shardObjectName({ account: ACCOUNT, region: 'us-east-1' }, 'slow', await streamCreatedAt('slow'), 0));
    const reader = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    await reader.next();
    const sent: string[] = [];
    const data = 'x'.repeat(10_000);
    for (let p = 0; p < 20; p++) {
      const batch = Array.from({ length: 50 }, (_, i) => `${p}-${i}-${data}`);
      await putRecords('slow', batch);
      sent.push(...batch);
      advance(1); // each put its own arrival time, so each its own group
    }
    // 1,000 records (~10 MB) were written; the subscription has read at most a few events' worth of them.
    const at = await runInDurableObject(shard, (o: ShardObject) => [...(subscribersOf(o) as any).active.values()][0].at as number);
    // One put is 50 records: at most two events were read from SQLite (one taken, one waiting to be).
    expect(at).toBeLessThanOrEqual(100);
    const received: string[] = [];
    while (received.length < sent.length) {
      const f = await reader.nextWithRecords();
      if (!f) break;
      received.push(...texts(f));
    }
    expect(received.length).toBe(sent.length);
    expect(received).toEqual(sent);
    await reader.cancel();
  });
});

describe('refusals before streaming', () => {
  const subscribeBody = (arn: string, extra: Record<string, unknown> = {}) => ({ ConsumerARN: arn, ShardId: shardId(0), StartingPosition: { Type: 'LATEST' }, ...extra });

  it('answers ordinary 400s: stream, consumer, shard, position', async () => {
    const missing = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/nope/consumer/c:1`;
    expectError(await kinesis('SubscribeToShard', subscribeBody(missing)), 'ResourceNotFoundException', `Stream nope under account ${ACCOUNT} not found.`);
    await createActiveStream('refuse');
    const ghost = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/refuse/consumer/ghost:1`;
    expectError(await kinesis('SubscribeToShard', subscribeBody(ghost)), 'ResourceNotFoundException', `Consumer ghost under stream refuse under account ${ACCOUNT} not found.`);
    const streamArn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/refuse`;
    const created = ok(await kinesis('RegisterStreamConsumer', { StreamARN: streamArn, ConsumerName: 'young' })).Consumer;
    expectError(
      await kinesis('SubscribeToShard', subscribeBody(created.ConsumerARN)),
      'ResourceInUseException',
      `Consumer young with creation timestamp ${Math.floor(Date.now() / 1000)} under stream refuse and account ${ACCOUNT} is not in ACTIVE status.`,
    );
    advance(500);
    const arn = created.ConsumerARN;
    expectError(await kinesis('SubscribeToShard', subscribeBody(arn, { ShardId: 'shardId-000000000007' })), 'ResourceNotFoundException', `Shard shardId-000000000007 in stream refuse under account ${ACCOUNT} does not exist`);
    expectError(
      await kinesis('SubscribeToShard', subscribeBody(arn, { StartingPosition: { Type: 'AT_SEQUENCE_NUMBER' } })),
      'InvalidArgumentException',
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.',
    );
    expectError(
      await kinesis('SubscribeToShard', subscribeBody(arn, { StartingPosition: { Type: 'AT_TIMESTAMP' } })),
      'InvalidArgumentException',
      'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
    );
    expectError(
      await kinesis('SubscribeToShard', subscribeBody(arn, { StartingPosition: { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '1' } })),
      'InvalidArgumentException',
      `StartingSequenceNumber 1 used in SubscribeToShard on shard shardId-000000000000 in stream refuse under account ${ACCOUNT} is invalid.`,
    );
    // An ARN of an earlier registration of the same name is not this consumer.
    const stale = arn.replace(/:\d+$/, ':12345');
    expectError(await kinesis('SubscribeToShard', subscribeBody(stale)), 'ResourceNotFoundException', `Consumer young under stream refuse under account ${ACCOUNT} not found.`);
    // Another account's consumer: only its resource policy could let this account in, and it has none.
    const foreign = arn.replace(ACCOUNT, '111111111111');
    expectError(
      await kinesis('SubscribeToShard', subscribeBody(foreign)),
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: kinesis:SubscribeToShard on resource: ${foreign} because no resource-based policy allows the kinesis:SubscribeToShard action`,
    );
    // The ARN pattern itself is checked first, with AWS's validation message.
    const bad = await kinesis('SubscribeToShard', subscribeBody('arn:aws:kinesis:us-east-1:12:stream/x'));
    expect(bad.status).toBe(400);
    expect(bad.body.__type).toBe('ValidationException');
  });
});

describe('the end of a stream or shard', () => {
  it('a drained shard that has ended sends a last event with ChildShards and no continuation, then the stream ends', async () => {
    await createActiveStream('ending');
    const arn = await activeConsumer('ending');
    const shard = bindings.SHARD.getByName(shardObjectName({ account: ACCOUNT, region: 'us-east-1' }, 'ending', await streamCreatedAt('ending'), 0));
    const reader = await subscribe(arn, shardId(0), { Type: 'TRIM_HORIZON' });
    await reader.next();
    // Resharding (the lead's endOfShard) is not here yet: this shard says it ended once a reader is past record 1.
    const children = [
      { shardIndex: 1, parentIndexes: [0], startHash: '0', endHash: '170141183460469231731687303715884105727' },
      { shardIndex: 2, parentIndexes: [0], startHash: '170141183460469231731687303715884105728', endHash: '340282366920938463463374607431768211455' },
    ];
    await runInDurableObject(shard, (o: ShardObject) => {
      (o as unknown as { endOfShard(after: number): unknown }).endOfShard = (after: number) => (after >= 1 ? children : null);
    });
    await putRecord('ending', 'pk', 'last');
    expect(texts(await reader.nextWithRecords())).toEqual(['last']);
    const end = await reader.next();
    expect(end!.json).toEqual({
      MillisBehindLatest: 0,
      Records: [],
      ChildShards: [
        { ShardId: shardId(1), ParentShards: [shardId(0)], HashKeyRange: { StartingHashKey: children[0].startHash, EndingHashKey: children[0].endHash } },
        { ShardId: shardId(2), ParentShards: [shardId(0)], HashKeyRange: { StartingHashKey: children[1].startHash, EndingHashKey: children[1].endHash } },
      ],
    });
    expect(await reader.next()).toBeNull();
  });

  it('a fault while reading the shard ends the stream with an InternalFailureException message, not silence', async () => {
    await createActiveStream('faulty');
    const arn = await activeConsumer('faulty');
    const shard = bindings.SHARD.getByName(shardObjectName({ account: ACCOUNT, region: 'us-east-1' }, 'faulty', await streamCreatedAt('faulty'), 0));
    const reader = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    await reader.next();
    await runInDurableObject(shard, (o: ShardObject) => {
      (o as unknown as { endOfShard(after: number): unknown }).endOfShard = () => {
        throw new Error('injected fault');
      };
    });
    await putRecord('faulty', 'pk', 'x'); // wakes the subscription: its records go out, then the next read faults
    let last = await reader.next();
    while (last && last.headers[':message-type'] === 'event') last = await reader.next();
    expect(last!.headers).toEqual({ ':exception-type': 'InternalFailureException', ':content-type': 'application/x-amz-json-1.1', ':message-type': 'exception' });
    expect(await reader.next()).toBeNull();
  });

  it('a stream deleted under a subscription ends it with a ResourceNotFoundException message', async () => {
    subscriptionTiming.heartbeatMs = 50;
    await createActiveStream('deleted');
    const arn = await activeConsumer('deleted');
    const reader = await subscribe(arn, shardId(0), { Type: 'LATEST' });
    await reader.next();
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'deleted', EnforceConsumerDeletion: true }));
    advance(1000);
    let last = await reader.next();
    while (last && last.headers[':message-type'] === 'event') last = await reader.next();
    expect(last!.headers).toEqual({ ':exception-type': 'ResourceNotFoundException', ':content-type': 'application/x-amz-json-1.1', ':message-type': 'exception' });
    expect(last!.json).toEqual({ message: 'The shard is no longer available: its stream was deleted.' });
    expect(await reader.next()).toBeNull();
  });
});
