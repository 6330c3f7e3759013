// The AWS SDK for Java v2 and the KPL run for real against a started server: the Maven module in test/clients/java is
// built once (mvn compile, which also writes the runtime classpath), then each program runs with plain `java` and
// prints a JSON report that this file checks. On CI (CI=true) a missing java, keytool or mvn fails the suite.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, startServer, type Server } from './server';
import { buildJavaModule, javaArgs, javaEnv, javaToolsMissing } from './java-module';
import { poll, uniqueName } from './sdk';
import { deaggregate, KPL_MAGIC } from './java/kpl-records';

const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const CBOR = 'application/x-amz-cbor-1.1';

let missing: string | undefined;
let classpath: string;

beforeAll(async () => {
  missing = await javaToolsMissing();
  if (missing) return;
  classpath = await buildJavaModule();
}, 900_000);

interface JavaOptions {
  /** PKCS12 trust store for the JVM's default TLS trust (what Netty uses when nothing else is set). */
  trustStore?: string;
  timeoutMs?: number;
}

/** Runs kinesisedge.<main>; returns its exit status, output, and the parsed report when it printed one. */
async function java(main: string, args: string[], opts: JavaOptions = {}) {
  // javaEnv: the SDK's CBOR default is what is under test: nothing in the environment may turn it off.
  const trust = opts.trustStore ? [`-Djavax.net.ssl.trustStore=${opts.trustStore}`, '-Djavax.net.ssl.trustStorePassword=changeit'] : [];
  const r = await run('java', javaArgs(classpath, main, args, trust), { env: javaEnv(), timeoutMs: opts.timeoutMs ?? 60_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return { ...r, report: r.code === 0 ? JSON.parse(last) : undefined };
}

async function report(main: string, args: string[], opts?: JavaOptions): Promise<any> {
  const r = await java(main, args, opts);
  if (r.code !== 0) throw new Error(`${main} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.report;
}

/** The bytes SdkFlow sends, spelled out here rather than taken from its report. */
const SENT = [
  { partitionKey: 'partitionkey', data: Buffer.from('Hello, Kinesis! \x00\xff', 'latin1') },
  { partitionKey: 'binary', data: Buffer.from(Array.from({ length: 256 }, (_, i) => i)) },
  { partitionKey: 'unicode', data: Buffer.from('héllo ✓ 日本', 'utf8') },
  { partitionKey: 'empty', data: Buffer.alloc(0) },
  { partitionKey: 'p-3', data: Buffer.from([0x7f]) },
];

/** Checks SdkFlow's report of the whole tutorial flow against what the stream must hold. */
function checkFlow(out: any, name: string, startedAt: number, http2: boolean) {
  expect(out.put.shardId).toBe('shardId-000000000000');
  expect(out.putRecords.failedRecordCount).toBe(0);
  expect(out.putRecords.records.map((r: any) => r.shardId)).toEqual(Array(4).fill('shardId-000000000000'));
  expect(out.shards).toHaveLength(1);
  expect(out.shards[0]).toMatchObject({ shardId: 'shardId-000000000000', startingHashKey: '0', endingHashKey: String(2n ** 128n - 1n) });

  // Exactly what was sent, in order, with the sequence numbers the puts returned (strictly increasing).
  const seqs = [out.put.sequenceNumber, ...out.putRecords.records.map((r: any) => r.sequenceNumber)];
  expect(out.records.map((r: any) => r.partitionKey)).toEqual(SENT.map((s) => s.partitionKey));
  expect(out.records.map((r: any) => r.data)).toEqual(SENT.map((s) => s.data.toString('base64')));
  expect(out.records.map((r: any) => r.sequenceNumber)).toEqual(seqs);
  for (let i = 1; i < seqs.length; i++) expect(BigInt(seqs[i])).toBeGreaterThan(BigInt(seqs[i - 1]));
  // The timestamps decoded from the CBOR answer are today's, between the test's start and the read.
  for (const r of out.records) {
    expect(r.arrivalMs).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(r.arrivalMs).toBeLessThanOrEqual(out.readAtMs + 1000);
  }
  expect(out.millisBehindLatest).toBe(0);
  expect(out.hasNextShardIterator).toBe(true);

  expect(out.missing).toEqual({
    class: 'ResourceNotFoundException',
    status: 400,
    code: 'ResourceNotFoundException',
    message: `Stream ${name}-missing under account 000000000000 not found.`,
  });

  // Every call the SDK made went out and came back as CBOR, over the protocol expected.
  const ops = out.wire.map((w: any) => w.operation);
  const polls = ops.filter((op: string) => op === 'DescribeStreamSummary').length;
  expect(polls).toBeGreaterThan(0);
  expect(ops).toEqual([
    'CreateStream',
    ...Array(polls).fill('DescribeStreamSummary'),
    ...['PutRecord', 'PutRecords', 'ListShards', 'GetShardIterator'],
    ...Array(out.pages).fill('GetRecords'),
    ...['DescribeStream', 'DeleteStream'],
  ]);
  for (const w of out.wire) expect(w).toMatchObject({ requestContentType: CBOR, responseContentType: CBOR });
  expect(out.calls.map((c: any) => c.operation)).toEqual(ops);
  for (const c of out.calls) expect(c).toMatchObject({ httpClient: 'NettyNio', http2 });
}

/** A TCP relay in front of `port` that keeps the first 24 bytes each client connection sent. */
async function relay(port: number) {
  const firstBytes: string[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    client.once('data', (chunk) => firstBytes.push(chunk.subarray(0, 24).toString('latin1')));
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    firstBytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Java SDK v2 against http:// (h2c)', () => {
  let server: Server;
  beforeAll(async () => {
    if (!missing) server = await startServer({ ignoreExternal: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('KinesisAsyncClient with nothing but endpoint, region and credentials runs the tutorial flow over HTTP/2 with CBOR', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('java-default');
    const via = await relay(server.port);
    const startedAt = Date.now();
    let out: any;
    try {
      out = await report('SdkFlow', [via.url, name, 'default']);
    } finally {
      await via.close();
    }
    checkFlow(out, name, startedAt, true);
    // The default Netty client sends HTTP/2 with prior knowledge on every connection it opens to an http:// endpoint.
    expect(via.firstBytes.length).toBeGreaterThan(0);
    expect(new Set(via.firstBytes)).toEqual(new Set([H2_PREFACE]));
  });
});

describe('Java SDK v2 and KPL against --ssl', () => {
  let server: Server;
  let certPath: string;
  let work: string;
  let trustStore: string;
  beforeAll(async () => {
    if (missing) return;
    server = await startServer({ ignoreExternal: true, args: ['--ssl'] });
    certPath = await poll('the certificate line', async () => /TLS certificate: (\S+)/.exec(server.output().stdout)?.[1]);
    work = await mkdtemp(path.join(tmpdir(), 'kinesis-edge-java-'));
    trustStore = path.join(work, 'truststore.p12');
    const imported = await run('keytool', ['-importcert', '-noprompt', '-alias', 'kinesis-edge', '-file', certPath,
      '-keystore', trustStore, '-storetype', 'PKCS12', '-storepass', 'changeit']);
    if (imported.code !== 0) throw new Error(`keytool exited ${imported.code}: ${imported.stderr}`);
  });
  afterAll(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the SDK refuses the generated certificate unless the trust store holds it', async ({ skip }) => {
    if (missing) skip(missing);
    // HTTP/1.1 here because an h2 pool whose handshake fails only gives up at its 10 s acquire timeout.
    const r = await java('SdkFlow', [server.url, uniqueName('java-untrusted'), 'HTTP1_1']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Unable to execute HTTP request: javax.net.ssl.SSLHandshakeException: PKIX path building failed');
  });

  test('HTTP/2 agreed by ALPN (protocolNegotiation(ALPN)): the tutorial flow at https://127.0.0.1 with CBOR', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('java-alpn');
    const startedAt = Date.now();
    checkFlow(await report('SdkFlow', [server.url, name, 'ALPN'], { trustStore }), name, startedAt, true);
  });

  test('Protocol.HTTP1_1: the tutorial flow at https://localhost with CBOR', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('java-h1');
    const startedAt = Date.now();
    checkFlow(await report('SdkFlow', [`https://localhost:${server.port}`, name, 'HTTP1_1'], { trustStore }), name, startedAt, false);
  });

  // The SDK's own default over TLS: it sends the HTTP/2 preface right after the handshake without offering ALPN (its
  // default ProtocolNegotiation.ASSUME_PROTOCOL), which AWS's endpoints accept; the front must sniff the preface on
  // TLS as it does on cleartext instead of taking every non-h2-ALPN connection for HTTP/1.1.
  test('KinesisAsyncClient with no HTTP settings runs the tutorial flow at https://127.0.0.1 (h2 without ALPN) with CBOR', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('java-default-tls');
    const startedAt = Date.now();
    checkFlow(await report('SdkFlow', [server.url, name, 'default'], { trustStore }), name, startedAt, true);
  });

  /** Runs KplFlow and checks that the stream holds exactly the N user records, each where its result says. */
  async function kpl(n: number, aggregate: boolean, trust: string) {
    const out = await report('KplFlow', ['127.0.0.1', String(server.port), uniqueName('kpl'), String(n), String(aggregate), trust], {
      trustStore,
      timeoutMs: 90_000,
    });
    expect(out.results).toHaveLength(n);
    for (const r of out.results) {
      expect(r.successful).toBe(true);
      expect(r.attempts.at(-1)).toEqual({ successful: true, errorCode: null, errorMessage: null });
    }
    const ranges = new Map<string, [bigint, bigint]>(
      out.shards.map((s: any) => [s.shardId, [BigInt(s.startingHashKey), BigInt(s.endingHashKey)]]),
    );
    expect([...ranges.keys()]).toEqual(['shardId-000000000000', 'shardId-000000000001']);

    const users = new Map<string, { data: string; shardId: string; sequenceNumber: string }>();
    const sizes: number[] = [];
    for (const rec of out.records) {
      const inner = deaggregate(Buffer.from(rec.data, 'base64'), rec.partitionKey);
      if (inner.aggregated) sizes.push(inner.records.length);
      for (const u of inner.records) {
        expect(users.has(u.partitionKey)).toBe(false);
        users.set(u.partitionKey, { data: u.data.toString('utf8'), shardId: rec.shardId, sequenceNumber: rec.sequenceNumber });
      }
    }
    expect(users.size).toBe(n);
    out.results.forEach((result: any, i: number) => {
      const u = users.get(`pk-${i}`);
      expect(u).toEqual({ data: `kpl-${i}`, shardId: result.shardId, sequenceNumber: result.sequenceNumber });
      // Each user record sits on the shard whose hash range holds MD5(partition key), whether or not aggregated.
      const hash = BigInt(`0x${createHash('md5').update(`pk-${i}`).digest('hex')}`);
      const [lo, hi] = ranges.get(u!.shardId)!;
      expect(hash >= lo && hash <= hi).toBe(true);
    });
    return { out, sizes };
  }

  test('KPL, aggregation on (its default), verifying the certificate with setCaCertFile: 100 user records all land', async ({ skip }) => {
    if (missing) skip(missing);
    const { sizes } = await kpl(100, true, certPath);
    // Most of the 99 records put after the first went out aggregated, several to a Kinesis record.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
  }, 120_000);

  test('KPL, aggregation off, setVerifyCertificate(false): 20 user records, one Kinesis record each', async ({ skip }) => {
    if (missing) skip(missing);
    const { out, sizes } = await kpl(20, false, 'noverify');
    expect(sizes).toEqual([]);
    expect(out.records).toHaveLength(20);
    for (const r of out.records) expect(Buffer.from(r.data, 'base64').subarray(0, 4).equals(KPL_MAGIC)).toBe(false);
  }, 120_000);
});
