// The SDK v3 against a server in verify mode with two tenants: the right secret works; a wrong secret, an unknown
// key, a clock 6 minutes behind, a tampered body and a replayed request with a changed header are refused with
// AWS's errors; a presigned (query-string) request made by the SDK's own signer is served; the two tenants see
// nothing of each other's streams, iterators or NextTokens.
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSigner } from '../../local/sigv4.mjs';
import { startServer, type Server } from './server';
import { uniqueName, waitForActive } from './sdk';

const A = { accessKeyId: 'AKIAVERIFYSDKA000001', secretAccessKey: 'secret-a/+', account: '101010101010' };
const B = { accessKeyId: 'AKIAVERIFYSDKB000002', secretAccessKey: 'secret-b', account: '202020202020' };

let server: Server;
beforeAll(async () => {
  server = await startServer({
    createStreamMs: 0,
    ignoreExternal: true,
    args: ['--auth', 'verify', '--tenant', `${A.accessKeyId}:${A.secretAccessKey}:${A.account}`],
  });
});
afterAll(async () => {
  await server?.stop();
});

const client = (who: { accessKeyId: string; secretAccessKey: string }, extra: Record<string, unknown> = {}) =>
  new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: who, requestHandler: new NodeHttpHandler(), maxAttempts: 1, ...extra });

async function refusal(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (err: any) {
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('the request was served');
}

/** A raw JSON request signed by local/sigv4.mjs; `tamper` changes it after signing. */
async function raw(who: { accessKeyId: string; secretAccessKey: string }, op: string, input: unknown, opts: { now?: Date; tamper?: (r: { headers: Record<string, string>; body: string }) => void } = {}) {
  const body = JSON.stringify(input);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `Kinesis_20131202.${op}` };
  const signed = createSigner(who)({ host: new URL(server.url).host, headers, body, now: opts.now });
  const r = { headers: { ...headers, ...signed }, body };
  opts.tamper?.(r);
  const res = await fetch(server.url, { method: 'POST', headers: r.headers, body: r.body });
  return { status: res.status, body: (await res.json()) as any };
}

describe('SDK v3 in verify mode', () => {
  test('the right secret works; a wrong secret and an unknown key are refused', async () => {
    expect((await client(A).send(new ListStreamsCommand({}))).StreamNames).toEqual(expect.any(Array));
    const wrong = await refusal(client({ ...A, secretAccessKey: 'nope' }).send(new ListStreamsCommand({})));
    expect(wrong).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
    expect(wrong.message).toContain('The Canonical String for this request should have been');
    expect(await refusal(client({ accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'x' }).send(new ListStreamsCommand({})))).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
  });

  test('a client whose clock is 6 minutes behind is refused with "Signature expired"', async () => {
    const late = await refusal(client(A, { systemClockOffset: -6 * 60_000 }).send(new ListStreamsCommand({})));
    expect(late.name).toBe('InvalidSignatureException');
    expect(late.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const raw6 = await raw(A, 'ListStreams', {}, { now: new Date(Date.now() - 6 * 60_000) });
    expect(raw6.status).toBe(400);
    expect(raw6.body.__type).toBe('InvalidSignatureException');
  });

  test('a tampered body and a replayed request with a changed header are refused; the untouched one is served', async () => {
    const name = uniqueName('tamper');
    const tampered = await raw(A, 'CreateStream', { StreamName: name, ShardCount: 1 }, { tamper: (r) => (r.body = r.body.replace('"ShardCount":1', '"ShardCount":2')) });
    expect({ status: tampered.status, type: tampered.body.__type }).toEqual({ status: 400, type: 'InvalidSignatureException' });
    let replay: { headers: Record<string, string>; body: string } | undefined;
    const served = await raw(A, 'DescribeStreamSummary', { StreamName: 'x' }, { tamper: (r) => (replay = { headers: { ...r.headers }, body: r.body }) });
    expect(served.body.__type).toBe('ResourceNotFoundException');
    const changed = await fetch(server.url, { method: 'POST', headers: { ...replay!.headers, 'X-Amz-Target': 'Kinesis_20131202.DeleteStream' }, body: replay!.body });
    expect(((await changed.json()) as any).__type).toBe('InvalidSignatureException');
  });

  test('a presigned request made by the SDK\'s signer is served', async () => {
    const signer = new SignatureV4({ credentials: A, region: 'us-east-1', service: 'kinesis', sha256: Sha256 });
    const url = new URL(server.url);
    const body = '{}';
    const presigned = await signer.presign(
      { method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, body },
      { expiresIn: 300, unhoistableHeaders: new Set(['x-amz-target']) },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const res = await fetch(`${server.url}/?${query}`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).StreamNames).toEqual(expect.any(Array));
    // The same URL with its signature changed is refused.
    const bad = await fetch(`${server.url}/?${query.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000')}`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, body });
    expect(((await bad.json()) as any).__type).toBe('InvalidSignatureException');
  });
});

describe('two tenants', () => {
  let other: Server;
  beforeAll(async () => {
    // A second server on its own data, with both tenants from KINESIS_EDGE_TENANTS (comma-separated).
    other = await startServer({
      createStreamMs: 0,
      ignoreExternal: true,
      args: ['--auth', 'verify'],
      env: { KINESIS_EDGE_TENANTS: `${A.accessKeyId}:${A.secretAccessKey}:${A.account},${B.accessKeyId}:${B.secretAccessKey}:${B.account}` },
    });
  });
  afterAll(async () => {
    await other?.stop();
  });

  const on = (who: typeof A) => new KinesisClient({ endpoint: other.url, region: 'us-east-1', credentials: who, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });

  test('see nothing of each other\'s streams, iterators or NextTokens', async () => {
    const name = uniqueName('mine');
    await on(A).send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
    const summary = await waitForActive(on(A), { StreamName: name });
    expect(summary.StreamARN).toBe(`arn:aws:kinesis:us-east-1:${A.account}:stream/${name}`);
    const put = await on(A).send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: new TextEncoder().encode('for A only') }));

    expect((await on(B).send(new ListStreamsCommand({}))).StreamNames).toEqual([]);
    expect(await refusal(on(B).send(new DescribeStreamSummaryCommand({ StreamName: name })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Stream ${name} under account ${B.account} not found.`,
    });
    // By ARN, A's stream is another account's resource: without A's resource policy, IAM's refusal.
    expect(await refusal(on(B).send(new DescribeStreamSummaryCommand({ StreamARN: summary.StreamARN })))).toMatchObject({ name: 'AccessDeniedException' });

    const { ShardIterator } = await on(A).send(new GetShardIteratorCommand({ StreamName: name, ShardId: put.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const mine = await on(A).send(new GetRecordsCommand({ ShardIterator }));
    expect(mine.Records!.map((r) => new TextDecoder().decode(r.Data))).toEqual(['for A only']);
    expect(await refusal(on(B).send(new GetRecordsCommand({ ShardIterator })))).toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${B.account}:root is not authorized to perform: kinesis:GetRecords on resource: ${summary.StreamARN} because no resource-based policy allows the kinesis:GetRecords action`,
    });

    const page = await on(A).send(new ListShardsCommand({ StreamName: name, MaxResults: 1 }));
    expect(await refusal(on(B).send(new ListShardsCommand({ NextToken: page.NextToken })))).toMatchObject({ name: 'InvalidArgumentException' });
    expect((await on(A).send(new ListShardsCommand({ NextToken: page.NextToken }))).Shards).toHaveLength(1);
  });
});

type Data = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (d: Data) => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: Data) {
    this.h = secret ? createHmac('sha256', bytesOf(secret)) : createHash('sha256');
  }
  update(data: Data): void {
    this.h.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}
