// The one port speaks HTTP/1.1 and HTTP/2 (cleartext, prior knowledge) at the same time: raw node:http keep-alive
// requests and raw node:http2 streams interleaved on one server all get their own right answers; HTTP/2 answers carry
// x-amzn-RequestId; request bodies streamed in pieces and 5 MiB bodies cross HTTP/2 intact.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import { startServer, type Server } from './server';
import { kinesisHeaders, rawCall } from './raw';
import { poll, uniqueName } from './sdk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACCOUNT = '000000000000';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: any;
  /** HTTP/1.1 only: the socket the request went out on. */
  socket?: unknown;
}

const parse = (body: Buffer) => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
};

let server: Server;
let session: http2.ClientHttp2Session;
let agent: http.Agent;

beforeAll(async () => {
  server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true });
  session = http2.connect(server.url);
  await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));
  agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
});
afterAll(async () => {
  session?.close();
  agent?.destroy();
  await server?.stop();
});

/** One HTTP/2 stream on the shared session; `chunks` > 1 writes the body in that many pieces, each after the last is flushed. */
function h2(operation: string, body: string | Buffer, opts: { chunks?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': '/', ...kinesisHeaders(server.url, operation, body) });
    const parts: Buffer[] = [];
    let headers: http2.IncomingHttpHeaders = {};
    stream.on('response', (h) => (headers = h));
    stream.on('data', (c: Buffer) => parts.push(c));
    stream.on('end', () => {
      const all = Buffer.concat(parts);
      resolve({ status: Number(headers[':status']), headers, body: all, json: parse(all) });
    });
    stream.on('error', reject);
    const bytes = Buffer.from(body);
    const n = opts.chunks ?? 1;
    if (n <= 1) return void stream.end(bytes);
    const size = Math.ceil(bytes.length / n);
    (async () => {
      for (let at = 0; at < bytes.length; at += size) {
        await new Promise<void>((done, fail) => stream.write(bytes.subarray(at, at + size), (err) => (err ? fail(err) : done())));
        // Let the event loop run between pieces, so each goes out as its own DATA frame.
        await new Promise((r) => setImmediate(r));
      }
      stream.end();
    })().catch(reject);
  });
}

/** One HTTP/1.1 request through the keep-alive agent; `chunks` > 1 sends it chunked, in that many pieces. */
function h1(operation: string, body: string | Buffer, opts: { chunks?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    const headers: Record<string, string | number> = kinesisHeaders(server.url, operation, body);
    if ((opts.chunks ?? 1) <= 1) headers['Content-Length'] = bytes.length;
    let socket: unknown;
    const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/', agent, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const all = Buffer.concat(parts);
        resolve({ status: res.statusCode!, headers: res.headers, body: all, json: parse(all), socket });
      });
      res.on('error', reject);
    });
    req.on('socket', (s) => (socket = s));
    req.on('error', reject);
    const n = opts.chunks ?? 1;
    if (n <= 1) return void req.end(bytes);
    const size = Math.ceil(bytes.length / n);
    (async () => {
      for (let at = 0; at < bytes.length; at += size) {
        await new Promise<void>((done, fail) => req.write(bytes.subarray(at, at + size), (err) => (err ? fail(err) : done())));
        await new Promise((r) => setImmediate(r));
      }
      req.end();
    })().catch(reject);
  });
}

async function createActive(name: string, shards: number) {
  const created = await rawCall(server.url, 'CreateStream', JSON.stringify({ StreamName: name, ShardCount: shards }));
  expect(created.status, created.text).toBe(200);
  await poll(`${name} ACTIVE`, async () => {
    const r = await rawCall(server.url, 'DescribeStreamSummary', JSON.stringify({ StreamName: name }));
    return r.json?.StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined;
  });
}

const md5Key = (pk: string) => BigInt(`0x${createHash('md5').update(pk, 'utf8').digest('hex')}`);
const HALF = (1n << 128n) / 2n;
const shardOf = (pk: string) => (md5Key(pk) < HALF ? 'shardId-000000000000' : 'shardId-000000000001');

/** Reads a shard to its tip over the given transport. */
async function readAll(send: typeof h2, name: string, ShardId: string): Promise<any[]> {
  const it = await send('GetShardIterator', JSON.stringify({ StreamName: name, ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  expect(it.status, it.body.toString()).toBe(200);
  let iterator = it.json.ShardIterator;
  const records: any[] = [];
  for (let page = 0; page < 50; page++) {
    const got = await send('GetRecords', JSON.stringify({ ShardIterator: iterator }));
    expect(got.status, got.body.toString()).toBe(200);
    records.push(...got.json.Records);
    iterator = got.json.NextShardIterator;
    if (got.json.Records.length === 0 && got.json.MillisBehindLatest === 0) return records;
  }
  throw new Error(`${ShardId} not read to its tip in 50 pages`);
}

describe('HTTP/1.1 and HTTP/2 on one port', () => {
  test('50 HTTP/2 streams on one session and 50 HTTP/1.1 keep-alive requests, interleaved and concurrent, each get their own answer', async () => {
    const name = uniqueName('mixed');
    await createActive(name, 2);
    const n = 100;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const body = JSON.stringify({ StreamName: name, PartitionKey: `pk-${i}`, Data: Buffer.from(`record-${i}`).toString('base64') });
        return (i % 2 === 0 ? h2 : h1)('PutRecord', body);
      }),
    );
    answers.forEach((a, i) => {
      expect(a.status, a.body.toString()).toBe(200);
      expect(a.headers['content-type']).toBe('application/x-amz-json-1.1');
      // Whether AWS sends EncryptionType NONE is unknown (aws-behaviour §3.6): only the two members that matter here are pinned.
      expect({ ShardId: a.json.ShardId, SequenceNumber: a.json.SequenceNumber }).toEqual({ ShardId: shardOf(`pk-${i}`), SequenceNumber: expect.stringMatching(/^[1-9]\d*$/) });
      expect(a.headers['x-amzn-requestid']).toMatch(UUID);
    });
    expect(new Set(answers.map((a) => a.json.SequenceNumber)).size).toBe(n);
    expect(new Set(answers.map((a) => a.headers['x-amzn-requestid'])).size).toBe(n);
    // HTTP/1.1 really kept its connections alive: 50 requests over at most 4 sockets.
    const h1Answers = answers.filter((_, i) => i % 2 === 1);
    const sockets = new Set(h1Answers.map((a) => a.socket));
    expect(sockets.has(undefined)).toBe(false);
    expect(sockets.size).toBeLessThanOrEqual(4);

    // Both transports read back the same records, in acknowledged order per shard, while the other reads too.
    for (const ShardId of ['shardId-000000000000', 'shardId-000000000001']) {
      const expected = answers
        .map((a, i) => ({ i, seq: a.json.SequenceNumber as string, shard: a.json.ShardId as string }))
        .filter((x) => x.shard === ShardId)
        .sort((x, y) => (BigInt(x.seq) < BigInt(y.seq) ? -1 : 1))
        .map((x) => ({ SequenceNumber: x.seq, PartitionKey: `pk-${x.i}`, Data: Buffer.from(`record-${x.i}`).toString('base64') }));
      expect(expected.length).toBeGreaterThan(0);
      const [over2, over1] = await Promise.all([readAll(h2, name, ShardId), readAll(h1, name, ShardId)]);
      for (const got of [over2, over1]) {
        expect(got.map((r) => ({ SequenceNumber: r.SequenceNumber, PartitionKey: r.PartitionKey, Data: r.Data }))).toEqual(expected);
      }
    }
  });

  test('HTTP/2 error answers carry x-amzn-RequestId and x-amz-id-2 too, with the JSON error body', async () => {
    const name = uniqueName('absent');
    const [missing, invalid] = await Promise.all([
      h2('DescribeStream', JSON.stringify({ StreamName: name })),
      h2('PutRecord', JSON.stringify({ StreamName: name, PartitionKey: '', Data: '' })),
    ]);
    expect(missing.status).toBe(400);
    expect(missing.headers['x-amzn-requestid']).toMatch(UUID);
    expect(missing.headers['x-amz-id-2']).toEqual(expect.any(String));
    expect(missing.json).toEqual({ __type: 'ResourceNotFoundException', message: `Stream ${name} under account ${ACCOUNT} not found.` });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['x-amzn-requestid']).toMatch(UUID);
    expect(invalid.json).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
  });

  test('a request body streamed in pieces (no Content-Length) works over HTTP/2, and chunked over HTTP/1.1', async () => {
    const name = uniqueName('streamed');
    await createActive(name, 1);
    const records = Array.from({ length: 40 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(300, i).toString('base64') }));
    const body = JSON.stringify({ StreamName: name, Records: records });
    const over2 = await h2('PutRecords', body, { chunks: 9 });
    expect(over2.status, over2.body.toString()).toBe(200);
    expect(over2.json.FailedRecordCount).toBe(0);
    expect(over2.json.Records).toHaveLength(40);
    const over1 = await h1('PutRecords', body, { chunks: 9 });
    expect(over1.status, over1.body.toString()).toBe(200);
    expect(over1.json.FailedRecordCount).toBe(0);

    const got = await readAll(h2, name, 'shardId-000000000000');
    expect(got.map((r) => r.SequenceNumber)).toEqual([...over2.json.Records, ...over1.json.Records].map((r: any) => r.SequenceNumber));
    expect(got.map((r) => r.Data)).toEqual([...records, ...records].map((r) => r.Data));
  });

  test('a 5 MiB PutRecords body (five records of 1 MiB with their keys) crosses HTTP/2 and reads back byte for byte', async () => {
    const name = uniqueName('large');
    await createActive(name, 1);
    const MiB = 1024 * 1024;
    const blobs = Array.from({ length: 5 }, (_, i) => {
      const pk = `p${i}`;
      const b = Buffer.alloc(MiB - pk.length);
      for (let k = 0; k < b.length; k++) b[k] = (k * 7 + i) & 0xff;
      return { pk, b };
    });
    expect(blobs.reduce((n, x) => n + x.b.length + x.pk.length, 0)).toBe(5 * MiB);
    const body = JSON.stringify({ StreamName: name, Records: blobs.map((x) => ({ PartitionKey: x.pk, Data: x.b.toString('base64') })) });
    expect(body.length).toBeGreaterThan(6.5 * MiB);
    const put = await h2('PutRecords', body);
    expect(put.status, put.body.toString().slice(0, 500)).toBe(200);
    expect(put.json.FailedRecordCount).toBe(0);
    expect(put.json.Records).toHaveLength(5);

    const got = await readAll(h2, name, 'shardId-000000000000');
    expect(got.map((r) => r.SequenceNumber)).toEqual(put.json.Records.map((r: any) => r.SequenceNumber));
    const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(got.map((r) => digest(Buffer.from(r.Data, 'base64')))).toEqual(blobs.map((x) => digest(x.b)));
    expect(got.map((r) => r.PartitionKey)).toEqual(blobs.map((x) => x.pk));
  });
});
