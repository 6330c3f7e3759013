// Enhanced fan-out latency: for 1 and then 4 consumers of a fresh 1-shard stream, RegisterStreamConsumer (waiting
// for ACTIVE through DescribeStreamConsumer), SubscribeToShard for each one from LATEST through the SDK v3, then
// records put one at a time gapMs apart. Latency = from just before a PutRecord is sent to the moment a subscriber
// receives the event that carries it, for every record and every subscriber; p50 and p99 per consumer count. Beside
// them, the p50 of the time from the put's acknowledgement to delivery: the push alone, without the put's own latency.
// Verifies every subscriber got every acknowledged record exactly once, in put order, with the sequence number the
// put was acknowledged with. A target that answers UnknownOperationException does not support it (kinesalite).
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html
//
// Only the subscriptions use the SDK (it decodes the event stream); puts and the control plane use the bench's
// client, as every other scenario does. A subscription fixes its LATEST position when the server takes it, which
// a client cannot observe; so, before measuring, marker records are put every 50 ms until every subscriber has
// received one. Measured records come after the markers and are the only ones timed.
import { performance } from 'node:perf_hooks';
import { KinesisClient, SubscribeToShardCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CallError } from '../client.mjs';
import { payloadB64, payloadIndex, randomKey } from '../records.mjs';
import { createStreamAndWait, streamName } from '../streams.mjs';
import { percentile, sorted } from '../stats.mjs';
import { allFailed, allUnsupported, ok } from '../result.mjs';

const SIZE = 100;
const MARKER_BASE = 1_000_000_000; // payload indexes of marker records; measured records are 0 .. records-1
const MARKER_EVERY_MS = 50;
const DELIVERY_GRACE_MS = 5_000; // after the last put, for the last deliveries (kinesis-mock pushes once a second)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The SDK warns once per process that its releases after January 2027 want Node 22; not this benchmark's concern.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const id = 'fan-out';
export const metrics = ['fanout1.p50', 'fanout1.p99', 'fanout1.afterAck', 'fanout4.p50', 'fanout4.p99', 'fanout4.afterAck'];

class NotSupported extends Error {}

/** One subscriber's view: what it received, checked as it arrives. */
class Subscriber {
  constructor(n) {
    this.seenAt = new Float64Array(n);
    this.seq = new Array(n);
    this.count = 0; // measured records received
    this.last = -1;
    this.markers = 0;
    /** @type {string | undefined} */
    this.error = undefined;
    this.ended = false;
  }

  /** Takes one event's records, received at time t. */
  take(records, t, n) {
    for (const r of records) {
      const i = payloadIndex(Buffer.from(r.Data).toString('base64'), SIZE);
      if (i >= MARKER_BASE) {
        if (this.last >= 0) this.fail(`marker record after measured record ${this.last}`);
        this.markers++;
      } else if (i < 0 || i >= n) this.fail(`record ${r.SequenceNumber} has bytes the benchmark did not write`);
      else if (this.seenAt[i]) this.fail(`record ${i} received twice`);
      else {
        if (i <= this.last) this.fail(`record ${i} received after record ${this.last} (out of order)`);
        this.last = i;
        this.seenAt[i] = t;
        this.seq[i] = r.SequenceNumber;
        this.count++;
      }
    }
  }

  fail(message) {
    this.error ??= message;
  }
}

/** Starts reading one subscription; resolves once SubscribeToShard has answered, with { loop } (the reading's
 *  promise, wrapped: an async function returning a bare promise would wait for it). */
async function subscribe(kinesis, consumerARN, shardId, sub, n, signal, onEvent) {
  const res = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumerARN, ShardId: shardId, StartingPosition: { Type: 'LATEST' } }), { abortSignal: signal });
  if (!res.EventStream) throw new Error('SubscribeToShard answered without an event stream');
  const stream = res.EventStream;
  const loop = (async () => {
    try {
      for await (const ev of stream) {
        const t = performance.now();
        if (ev.SubscribeToShardEvent) sub.take(ev.SubscribeToShardEvent.Records ?? [], t, n);
        else sub.fail(`event ${Object.keys(ev).join(',')}: ${JSON.stringify(Object.values(ev)[0]).slice(0, 200)}`);
        onEvent();
      }
    } catch (err) {
      if (!signal.aborted) sub.fail(`subscription failed: ${err.name}: ${err.message}`);
    } finally {
      sub.ended = true;
      onEvent();
    }
  })();
  return { loop };
}

async function waitFor(cond, deadline, wake) {
  while (!cond() && performance.now() < deadline) await Promise.race([wake(), sleep(20)]);
  return cond();
}

/** One consumer count on a fresh stream: resolves { latencies, afterAck (both sorted), partial } or throws. */
async function phase({ client, kinesis, consumers, sizes }) {
  const stream = streamName(`fanout${consumers}`);
  await createStreamAndWait(client, stream, 1);
  const { StreamDescriptionSummary: summary } = await client.call('DescribeStreamSummary', { StreamName: stream });
  const { Shards } = await client.call('ListShards', { StreamName: stream });
  const shardId = Shards[0].ShardId;
  const setupDeadline = performance.now() + sizes.setupMs;

  let arns;
  try {
    arns = await Promise.all(Array.from({ length: consumers }, async (_, k) => {
      const { Consumer: c } = await client.call('RegisterStreamConsumer', { StreamARN: summary.StreamARN, ConsumerName: `bench-${k}` });
      for (;;) {
        const { ConsumerDescription: d } = await client.call('DescribeStreamConsumer', { ConsumerARN: c.ConsumerARN });
        if (d.ConsumerStatus === 'ACTIVE') return c.ConsumerARN;
        if (performance.now() > setupDeadline) throw new Error(`consumer ${k} not ACTIVE after ${sizes.setupMs} ms (${d.ConsumerStatus})`);
        await sleep(5);
      }
    }));
  } catch (err) {
    if (err instanceof CallError && err.type === 'UnknownOperationException') throw new NotSupported('RegisterStreamConsumer not supported (UnknownOperationException)');
    throw err;
  }

  const n = sizes.records;
  const subs = arns.map(() => new Subscriber(n));
  const abort = new AbortController();
  // Wakes whoever waits on the subscribers whenever an event (or an end) arrives.
  /** @type {(v?: unknown) => void} */
  let wakeUp = () => {};
  const wake = () => new Promise((r) => { wakeUp = r; });
  const onEvent = () => wakeUp();
  const loops = [];
  try {
    try {
      loops.push(...(await Promise.all(arns.map((arn, k) => subscribe(kinesis, arn, shardId, subs[k], n, abort.signal, onEvent)))).map((s) => s.loop));
    } catch (err) {
      if (err.name === 'UnknownOperationException' || /UnknownOperation/.test(err.message)) throw new NotSupported('SubscribeToShard not supported (UnknownOperationException)');
      throw new Error(`SubscribeToShard: ${err.name}: ${err.message}`);
    }

    // Markers until every subscription has shown it is live.
    let marker = 0;
    const live = () => subs.every((s) => s.markers > 0 || s.error || s.ended);
    while (!live() && performance.now() < setupDeadline) {
      await client.call('PutRecord', { StreamName: stream, Data: payloadB64(MARKER_BASE + marker++, SIZE), PartitionKey: randomKey() });
      await waitFor(live, Math.min(setupDeadline, performance.now() + MARKER_EVERY_MS), wake);
    }
    const broken = subs.find((s) => s.error || s.ended);
    if (broken) throw new Error(broken.error ?? 'a subscription ended before any record');
    if (!live()) throw new Error(`not every subscriber received a marker record within ${sizes.setupMs} ms (${marker} put)`);

    const sentAt = new Float64Array(n);
    const ackedAt = new Float64Array(n);
    const ackSeq = new Array(n);
    const deadline = performance.now() + sizes.maxMs;
    let put = 0;
    for (let i = 0; i < n && performance.now() < deadline && !subs.some((s) => s.error); i++) {
      sentAt[i] = performance.now();
      const res = await client.call('PutRecord', { StreamName: stream, Data: payloadB64(i, SIZE), PartitionKey: randomKey() });
      ackedAt[i] = performance.now();
      ackSeq[i] = res.SequenceNumber;
      put++;
      await sleep(sizes.gapMs);
    }
    await waitFor(() => subs.every((s) => s.count >= put || s.error || s.ended), performance.now() + DELIVERY_GRACE_MS, wake);

    for (const [k, s] of subs.entries()) {
      if (s.error) throw new Error(`subscriber ${k}: ${s.error}`);
      if (s.count < put) throw new Error(`subscriber ${k} received ${s.count} of ${put} records (${DELIVERY_GRACE_MS / 1000} s after the last put)${s.ended ? '; its subscription ended' : ''}`);
      if (s.count > put) throw new Error(`subscriber ${k} received ${s.count} records, ${put} were put`);
      for (let i = 0; i < put; i++) {
        if (s.seq[i] !== ackSeq[i]) throw new Error(`subscriber ${k}: record ${i} arrived with sequence number ${s.seq[i]}, acknowledged as ${ackSeq[i]}`);
      }
    }
    const latencies = sorted(subs.flatMap((s) => Array.from({ length: put }, (_, i) => s.seenAt[i] - sentAt[i])));
    const afterAck = sorted(subs.flatMap((s) => Array.from({ length: put }, (_, i) => s.seenAt[i] - ackedAt[i])));
    return { latencies, afterAck, partial: put < n ? `${consumers} consumer(s): only ${put} of ${n} records in ${sizes.maxMs / 1000} s` : undefined };
  } finally {
    abort.abort();
    await Promise.allSettled(loops);
  }
}

export async function run({ client, target, sizes }) {
  // kinesis-mock's HTTP/2 ends in a protocol error in Node's client (targets.mjs says why), so its subscriptions
  // go over HTTP/1.1; every other target gets the SDK's default handler (HTTP/2 to an http:// endpoint).
  const kinesis = new KinesisClient({
    endpoint: `http://127.0.0.1:${target.port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDBENCHEXAMPLE', secretAccessKey: 'bench-secret-key' },
    maxAttempts: 1,
    ...(target.subscribeOverHttp1 ? { requestHandler: new NodeHttpHandler() } : {}),
  });
  const results = {};
  try {
    for (const consumers of sizes.consumers) {
      const { latencies, afterAck, partial } = await phase({ client, kinesis, consumers, sizes });
      results[`fanout${consumers}.p50`] = ok(percentile(latencies, 50), partial);
      results[`fanout${consumers}.p99`] = ok(percentile(latencies, 99), partial);
      results[`fanout${consumers}.afterAck`] = ok(percentile(afterAck, 50), partial);
    }
    return results;
  } catch (err) {
    if (err instanceof NotSupported) return allUnsupported(metrics, err.message);
    return allFailed(metrics, { count: 1, first: err.message });
  } finally {
    kinesis.destroy();
  }
}
