// SubscribeToShard with the AWS SDK for JavaScript v3 against a really started server: the default client over h2c,
// over TLS (h2), and the HTTP/1.1 handler. Records put after subscribing arrive as events (the test awaits them:
// no sleeps), a PutRecords batch in one event, every starting position, the 5 s rule and takeover, and a reader that
// stops reading gets every record later, in order (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CreateStreamCommand,
  DescribeStreamConsumerCommand,
  KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  ResourceInUseException,
  SubscribeToShardCommand,
  type StartingPosition,
  type SubscribeToShardEvent,
  type SubscribeToShardEventStream,
} from '@aws-sdk/client-kinesis';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { readFileSync } from 'node:fs';
import { poll, kinesisClient, uniqueName, waitForActive } from './sdk';
import { startServer, type Server } from './server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const text = (r: { Data?: Uint8Array }) => Buffer.from(r.Data ?? []).toString('utf8');

/** A stream of one shard and an ACTIVE consumer of it. */
async function streamWithConsumer(client: KinesisClient, prefix: string, consumers = ['app']) {
  const StreamName = uniqueName(prefix);
  await client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
  const summary = await waitForActive(client, { StreamName });
  const arns: string[] = [];
  for (const ConsumerName of consumers) {
    const c = await client.send(new RegisterStreamConsumerCommand({ StreamARN: summary.StreamARN, ConsumerName }));
    await poll(`${ConsumerName} ACTIVE`, async () => {
      const d = await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: c.Consumer!.ConsumerARN }));
      return d.ConsumerDescription?.ConsumerStatus === 'ACTIVE' ? true : undefined;
    });
    arns.push(c.Consumer!.ConsumerARN!);
  }
  return { StreamName, arns, shardId: 'shardId-000000000000' };
}

/** Subscribes and returns an iterator over SubscribeToShardEvents (anything else in the stream fails the test). */
async function subscribe(client: KinesisClient, ConsumerARN: string, ShardId: string, StartingPosition: StartingPosition) {
  const out = await client.send(new SubscribeToShardCommand({ ConsumerARN, ShardId, StartingPosition }));
  const it = (out.EventStream as AsyncIterable<SubscribeToShardEventStream>)[Symbol.asyncIterator]();
  return {
    async next(): Promise<SubscribeToShardEvent | null> {
      const r = await it.next();
      if (r.done) return null;
      if (!r.value.SubscribeToShardEvent) throw new Error(`unexpected event ${JSON.stringify(r.value)}`);
      return r.value.SubscribeToShardEvent;
    },
    /** The next event with records. */
    async records(): Promise<SubscribeToShardEvent> {
      for (;;) {
        const e = await this.next();
        if (!e) throw new Error('the stream ended before records arrived');
        if ((e.Records ?? []).length > 0) return e;
      }
    },
    close: () => it.return?.(),
  };
}

/** What every transport must do: a record put after subscribing arrives, and a PutRecords batch in one event. */
async function liveFlow(client: KinesisClient) {
  const { StreamName, arns, shardId } = await streamWithConsumer(client, 'sub');
  const events = await subscribe(client, arns[0], shardId, { Type: 'LATEST' });
  const first = await events.next();
  expect(first).toMatchObject({ Records: [], MillisBehindLatest: 0, ContinuationSequenceNumber: expect.stringMatching(/^\d{56}$/) });
  const one = await client.send(new PutRecordCommand({ StreamName, PartitionKey: 'pk', Data: Buffer.from('one') }));
  const e1 = await events.records();
  expect(e1.Records!.map(text)).toEqual(['one']);
  expect(e1.Records![0].SequenceNumber).toBe(one.SequenceNumber);
  expect(e1.Records![0].ApproximateArrivalTimestamp).toBeInstanceOf(Date);
  expect(e1.ContinuationSequenceNumber).toBe(one.SequenceNumber);
  const batch = Array.from({ length: 100 }, (_, i) => `r${i}`);
  const put = await client.send(new PutRecordsCommand({ StreamName, Records: batch.map((d, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from(d) })) }));
  const e2 = await events.records();
  expect(e2.Records!.map(text)).toEqual(batch);
  expect(e2.Records!.map((r) => r.SequenceNumber)).toEqual(put.Records!.map((r) => r.SequenceNumber));
  await events.close();
}

describe('h2c: the default client', () => {
  let server: Server;
  let client: KinesisClient;
  beforeAll(async () => {
    server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true });
    client = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  test('pushes a record put after subscribing, and a PutRecords batch in one event', async () => {
    expect(client.config.requestHandler).toBeInstanceOf(NodeHttp2Handler);
    await liveFlow(client);
  });

  test('every starting position', async () => {
    const names = ['trim', 'at', 'after', 'time', 'latest'];
    const { StreamName, arns, shardId } = await streamWithConsumer(client, 'positions', names);
    const put = async (d: string) => (await client.send(new PutRecordCommand({ StreamName, PartitionKey: 'pk', Data: Buffer.from(d) }))).SequenceNumber!;
    await put('a');
    const b = await put('b');
    await put('c');
    const firstRecords = async (arn: string, position: StartingPosition) => {
      const events = await subscribe(client, arn, shardId, position);
      const e = await events.records();
      await events.close();
      return e.Records!.map(text);
    };
    expect(await firstRecords(arns[0], { Type: 'TRIM_HORIZON' })).toEqual(['a', 'b', 'c']);
    expect(await firstRecords(arns[1], { Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: b })).toEqual(['b', 'c']);
    expect(await firstRecords(arns[2], { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: b })).toEqual(['c']);
    expect(await firstRecords(arns[3], { Type: 'AT_TIMESTAMP', Timestamp: new Date(Date.now() - 60_000) })).toEqual(['a', 'b', 'c']);
    const latest = await subscribe(client, arns[4], shardId, { Type: 'LATEST' });
    expect((await latest.next())!.Records).toEqual([]);
    await put('d');
    expect((await latest.records()).Records!.map(text)).toEqual(['d']);
    await latest.close();
  });

  test('a second subscription within 5 s is refused; a later one takes over and the first stream ends', async () => {
    const { StreamName, arns, shardId } = await streamWithConsumer(client, 'takeover');
    const first = await subscribe(client, arns[0], shardId, { Type: 'LATEST' });
    await first.next();
    const refused = await client.send(new SubscribeToShardCommand({ ConsumerARN: arns[0], ShardId: shardId, StartingPosition: { Type: 'LATEST' } })).catch((e) => e);
    expect(refused).toBeInstanceOf(ResourceInUseException);
    expect(refused.message).toBe(`Another active subscription exists for this consumer: ${arns[0]}`);
    // Retried until the 5 s have passed (a condition polled with a deadline).
    const second = await poll('the takeover', async () => subscribe(client, arns[0], shardId, { Type: 'LATEST' }), 15_000, 250);
    for (let e = await first.next(); e !== null; e = await first.next()) expect(e.Records).toEqual([]);
    await client.send(new PutRecordCommand({ StreamName, PartitionKey: 'pk', Data: Buffer.from('after') }));
    expect((await second.records()).Records!.map(text)).toEqual(['after']);
    await second.close();
  });

  test('a reader that stops reading while 5,000 records are put gets every one later, in order', async () => {
    const { StreamName, arns, shardId } = await streamWithConsumer(client, 'slow');
    const events = await subscribe(client, arns[0], shardId, { Type: 'LATEST' });
    await events.next();
    const sent: string[] = [];
    const payload = 'p'.repeat(2000);
    for (let p = 0; p < 10; p++) {
      const batch = Array.from({ length: 500 }, (_, i) => `${p}-${i}-${payload}`);
      await client.send(new PutRecordsCommand({ StreamName, Records: batch.map((d, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from(d) })) }));
      sent.push(...batch);
    }
    const received: string[] = [];
    while (received.length < sent.length) received.push(...(await events.records()).Records!.map(text));
    expect(received.length).toBe(sent.length);
    expect(received).toEqual(sent);
    await events.close();
  });
});

describe('TLS: h2 trusting the generated certificate', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true, args: ['--ssl'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('pushes a record put after subscribing, and a PutRecords batch in one event', async () => {
    const certPath = await poll('the certificate line', async () => /TLS certificate: (\S+)/.exec(server.output().stdout)?.[1]);
    const ca = readFileSync(certPath, 'utf8');
    const client = new KinesisClient({ endpoint: `https://localhost:${server.port}`, region: 'us-east-1', credentials, requestHandler: { nodeHttp2ConnectOptions: { ca } } });
    try {
      expect(client.config.requestHandler).toBeInstanceOf(NodeHttp2Handler);
      await liveFlow(client);
    } finally {
      client.destroy();
    }
  });
});

describe('HTTP/1.1: NodeHttpHandler', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('pushes a record put after subscribing, and a PutRecords batch in one event', async () => {
    const client = kinesisClient(server.url);
    try {
      await liveFlow(client);
    } finally {
      client.destroy();
    }
  });
});
