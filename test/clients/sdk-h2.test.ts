// The AWS SDK for JavaScript v3 as users create it, `new KinesisClient({ endpoint, region, credentials })` and
// nothing else: its default request handler speaks HTTP/2 (prior knowledge in cleartext, ALPN h2 over TLS). The core
// flow runs over h2c, over TLS by localhost and 127.0.0.1 trusting the generated certificate, in a child process
// trusting it through NODE_EXTRA_CA_CERTS, and with boto3 (HTTP/1.1 over TLS) passing verify=<cert>.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { probeTool, root, run, startServer, type Server } from './server';
import { poll, uniqueName } from './sdk';
import { kinesisHeaders } from './raw';
import { expectFlowReport } from './flow/core';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface FlowModule {
  coreFlow(client: KinesisClient, name: string): Promise<any>;
  watchHttp2(): { stats: { sessions: number; requests: number; protocols: string[]; authorities: string[] }; restore(): void };
}
const flowScript = path.join(root, 'test', 'clients', 'node', 'core-flow.mjs');
// A non-literal specifier keeps tsc (allowJs: false) from looking for declarations of the .mjs.
const flowUrl = new URL('./node/core-flow.mjs', import.meta.url).href;
const { coreFlow, watchHttp2 } = (await import(flowUrl)) as FlowModule;

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** What every run of core-flow.mjs must have seen, whatever the transport. */
const checkReport = (r: any, name: string) => expectFlowReport(r, name, 'NodeHttp2Handler');

/** One request on a fresh node:http2 session; resolves to status, headers and body text. */
async function h2Request(url: string, operation: string, body: string) {
  const session = http2.connect(url);
  try {
    return await new Promise<{ status: number; headers: http2.IncomingHttpHeaders; text: string; alpn: string | undefined }>((resolve, reject) => {
      session.once('error', reject);
      const stream = session.request({ ':method': 'POST', ':path': '/', ...kinesisHeaders(url, operation, body) });
      let text = '';
      let headers: http2.IncomingHttpHeaders = {};
      stream.setEncoding('utf8');
      stream.on('response', (h) => (headers = h));
      stream.on('data', (c: string) => (text += c));
      stream.on('end', () => resolve({ status: Number(headers[':status']), headers, text, alpn: session.alpnProtocol }));
      stream.on('error', reject);
      stream.end(body);
    });
  } finally {
    session.close();
  }
}

describe('h2c: the default client against http://127.0.0.1:PORT', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('its request handler is the SDK default NodeHttp2Handler, and a raw http2.connect to the same port answers', async () => {
    const client = new KinesisClient({ endpoint: server.url, region: REGION, credentials });
    try {
      const handler = client.config.requestHandler as unknown;
      expect(handler).toBeInstanceOf(NodeHttp2Handler);
      expect((handler as NodeHttp2Handler).constructor.name).toBe('NodeHttp2Handler');
      expect((handler as NodeHttp2Handler).metadata.handlerProtocol).toBe('h2');
    } finally {
      client.destroy();
    }
    const raw = await h2Request(server.url, 'ListStreams', '{}');
    expect(raw.status).toBe(200);
    expect(raw.alpn).toBe('h2c');
    expect(raw.headers['x-amzn-requestid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(JSON.parse(raw.text)).toMatchObject({ StreamNames: expect.any(Array), HasMoreStreams: false });
  });

  test('the core flow runs end to end, every SDK call going over an h2c session', async () => {
    const name = uniqueName('h2c-flow');
    const client = new KinesisClient({ endpoint: server.url, region: REGION, credentials });
    const watch = watchHttp2();
    let report: any;
    try {
      report = await coreFlow(client, name);
    } finally {
      watch.restore();
      client.destroy();
    }
    checkReport(report, name);
    expect(watch.stats.requests).toBe(report.calls);
    expect(watch.stats.sessions).toBeGreaterThan(0);
    expect(new Set(watch.stats.protocols)).toEqual(new Set(['h2c']));
    for (const a of watch.stats.authorities) expect(new URL(a).origin).toBe(server.url);
  });
});

describe('TLS: --ssl, trusting only the generated certificate', () => {
  let server: Server;
  let certPath: string;
  let ca: string;
  let pythonMissing: string | undefined;
  beforeAll(async () => {
    pythonMissing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
    server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true, args: ['--ssl'] });
    const printed = await poll('the certificate line', async () => /TLS certificate: (\S+)/.exec(server.output().stdout)?.[1]);
    certPath = printed;
    expect(certPath).toBe(path.join(server.dataDir!, 'tls', 'cert.pem'));
    ca = readFileSync(certPath, 'utf8');
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('the server prints an https URL', () => {
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
  });

  for (const host of ['localhost', '127.0.0.1']) {
    test(`the core flow runs over h2 at https://${host}:PORT with the handler trusting the certificate`, async () => {
      const endpoint = `https://${host}:${server.port}`;
      const name = uniqueName(`tls-${host.replace(/\./g, '-')}`);
      const client = new KinesisClient({ endpoint, region: REGION, credentials, requestHandler: { nodeHttp2ConnectOptions: { ca } } });
      const watch = watchHttp2();
      let report: any;
      try {
        expect(client.config.requestHandler).toBeInstanceOf(NodeHttp2Handler);
        report = await coreFlow(client, name);
      } finally {
        watch.restore();
        client.destroy();
      }
      checkReport(report, name);
      expect(watch.stats.requests).toBe(report.calls);
      expect(new Set(watch.stats.protocols)).toEqual(new Set(['h2']));
      for (const a of watch.stats.authorities) expect(new URL(a).origin).toBe(endpoint);
    });
  }

  test('a child process whose client has no options but endpoint, region and credentials runs the flow with NODE_EXTRA_CA_CERTS, and fails without it', async () => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    delete env.NODE_TLS_REJECT_UNAUTHORIZED;
    const endpoint = `https://localhost:${server.port}`;
    const name = uniqueName('tls-child');
    const [trusted, untrusted] = await Promise.all([
      run(process.execPath, [flowScript, endpoint, name], { env: { ...env, NODE_EXTRA_CA_CERTS: certPath }, timeoutMs: 45_000 }),
      run(process.execPath, [flowScript, `https://127.0.0.1:${server.port}`, uniqueName('tls-untrusted')], { env: { ...env, AWS_MAX_ATTEMPTS: '1' }, timeoutMs: 45_000 }),
    ]);
    expect(trusted.code, trusted.stderr).toBe(0);
    const report = JSON.parse(trusted.stdout);
    checkReport(report, name);
    expect(report.http2.requests).toBe(report.calls);
    expect(new Set(report.http2.protocols)).toEqual(new Set(['h2']));

    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stdout).toBe('');
    expect(untrusted.stderr).toMatch(/self[- ]signed certificate|DEPTH_ZERO_SELF_SIGNED_CERT/i);
  });

  test('HTTP/1.1 over TLS (ALPN http/1.1) answers on the same port', async () => {
    const body = '{}';
    const url = `https://localhost:${server.port}`;
    // ALPNProtocols goes through to tls.connect (agent: false), though RequestOptions does not declare it.
    const options: https.RequestOptions & tls.ConnectionOptions = {
      host: 'localhost',
      port: server.port,
      method: 'POST',
      path: '/',
      ca,
      ALPNProtocols: ['http/1.1'],
      agent: false,
      headers: kinesisHeaders(url, 'ListStreams', body),
    };
    const res = await new Promise<{ status: number; alpn: string | false | null; text: string; requestId: unknown }>((resolve, reject) => {
      const req = https.request(
        options,
        (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode!, alpn: (r.socket as tls.TLSSocket).alpnProtocol, text, requestId: r.headers['x-amzn-requestid'] }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(res.status).toBe(200);
    expect(res.alpn).toBe('http/1.1');
    expect(res.requestId).toEqual(expect.any(String));
    expect(JSON.parse(res.text)).toMatchObject({ StreamNames: expect.any(Array) });
  });

  test('boto3 runs the flow over https with verify=<cert> by 127.0.0.1 and localhost, and refuses the server without it', async ({ skip }) => {
    if (pythonMissing) skip(pythonMissing);
    const env = { ...process.env };
    for (const k of ['AWS_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE', 'CURL_CA_BUNDLE']) delete env[k];
    const script = path.join(root, 'test', 'clients', 'python', 'tls_flow.py');
    const hosts = ['127.0.0.1', 'localhost'];
    const names = hosts.map((h) => uniqueName(`boto3-tls-${h.replace(/\./g, '-')}`));
    const [a, b, refused] = await Promise.all([
      ...hosts.map((h, i) => run('python3', [script, `https://${h}:${server.port}`, names[i], certPath], { env, timeoutMs: 45_000 })),
      run('python3', [script, `https://127.0.0.1:${server.port}`, '--list'], { env: { ...env, AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' }, timeoutMs: 45_000 }),
    ]);
    for (const [i, r] of [a, b].entries()) {
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      const name = names[i];
      expect(out.statuses.at(-1)).toBe('ACTIVE');
      expect(out.listed).toContain(name);
      expect(out.describe).toEqual({ StreamName: name, StreamStatus: 'ACTIVE', StreamARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`, shards: ['shardId-000000000000'] });
      expect(out.shardIds).toEqual(['shardId-000000000000']);
      expect(out.put.ShardId).toBe('shardId-000000000000');
      expect(out.puts.FailedRecordCount).toBe(0);
      expect(out.records.map((x: any) => x.SequenceNumber)).toEqual([out.put.SequenceNumber, ...out.puts.SequenceNumbers]);
      expect(out.records.map((x: any) => x.Data)).toEqual(out.sent);
      expect(Buffer.from(out.records[0].Data, 'base64')).toEqual(Buffer.from(Array.from({ length: 256 }, (_, k) => k)));
      expect(out.records.map((x: any) => x.PartitionKey)).toEqual(['single', 'b0', 'b1', 'b2']);
      for (const x of out.records) expect(Math.abs(x.ApproximateArrivalTimestamp * 1000 - Date.now())).toBeLessThan(120_000);
      expect(out.tags).toEqual([{ Key: 'team', Value: 'data' }]);
      expect(out.retention).toBe(48);
      expect(out.afterDelete).toEqual({ code: 'ResourceNotFoundException', message: `Stream ${name} under account ${ACCOUNT} not found.`, status: 400 });
    }
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/CERTIFICATE_VERIFY_FAILED/);
  });
});
