// Issue 10 item 7: with LOG_FORMAT=json (wrangler.toml's deployed environments) every request writes exactly one
// JSON line to console.log: the x-amzn-RequestId it was sent, the tenant, operation and stream, the status, the error
// type the client read, and the time taken. Unset (locally, and in this pool's config) nothing is logged.
import { createExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decode as decodeCbor, encode as encodeCbor } from 'cborg';
import { app } from '../../src/app';
import { operations } from '../../src/operations/registry';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, JSON_11, TARGET_PREFIX, bindings, kinesis, signatureHeaders, uniqueName, type SignOptions } from '../helpers/kinesis';

const CBOR_11 = 'application/x-amz-cbor-1.1';

afterEach(() => vi.restoreAllMocks());

function spyOnConsole() {
  // Silent spies: what the code logs is asserted here, not printed into the test run.
  const quiet = () => {};
  return {
    log: vi.spyOn(console, 'log').mockImplementation(quiet),
    error: vi.spyOn(console, 'error').mockImplementation(quiet),
  };
}

interface Sent {
  res: Response;
  bytes: Uint8Array;
}

/** A request through the Worker's app with LOG_FORMAT=json, as a deployment runs it. */
async function logged(init: { method?: string; headers?: Record<string, string>; body?: BodyInit | null }): Promise<Sent> {
  const request = new Request('http://kinesis.test/', { method: init.method ?? 'POST', headers: init.headers, body: init.body ?? null });
  const res = await app.fetch(request, { ...bindings, LOG_FORMAT: 'json' }, createExecutionContext());
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

function json(operation: string, body: unknown, opts: SignOptions = {}): Promise<Sent> {
  return logged({ headers: { 'X-Amz-Target': `${TARGET_PREFIX}.${operation}`, 'Content-Type': JSON_11, ...signatureHeaders(opts) }, body: JSON.stringify(body) });
}

/** The one line logged, parsed; fails unless exactly one console.log call with one single-line string was made. */
function onlyLine(log: ReturnType<typeof spyOnConsole>['log']): Record<string, unknown> {
  expect(log).toHaveBeenCalledTimes(1);
  const args = log.mock.calls[0];
  expect(args).toHaveLength(1);
  expect(typeof args[0]).toBe('string');
  const text = args[0] as string;
  expect(text).not.toMatch(/[\r\n]/);
  return JSON.parse(text);
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('LOG_FORMAT=json', () => {
  it('logs a success: request id as sent, tenant, operation, stream, status, no error type, ms', async () => {
    const console = spyOnConsole();
    const name = uniqueName('log-ok');
    const { res } = await json('CreateStream', { StreamName: name, ShardCount: 1 }, { accessKey: '123456789012', region: 'eu-west-1' });
    expect(res.status).toBe(200);
    const line = onlyLine(console.log);
    expect(Object.keys(line)).toEqual(['requestId', 'account', 'region', 'operation', 'stream', 'status', 'ms']);
    expect(line).toMatchObject({
      requestId: res.headers.get('x-amzn-RequestId'),
      account: '123456789012',
      region: 'eu-west-1',
      operation: 'CreateStream',
      stream: name,
      status: 200,
    });
    expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isInteger(line.ms) && (line.ms as number) >= 0).toBe(true);
    expect(console.error).not.toHaveBeenCalled();
  });

  it('logs a JSON error with the __type the client read', async () => {
    const console = spyOnConsole();
    const { res, bytes } = await json('DescribeStreamSummary', { StreamName: 'no-such-stream' });
    const body = JSON.parse(text(bytes));
    expect(res.status).toBe(400);
    expect(body.__type).toBe('ResourceNotFoundException');
    expect(onlyLine(console.log)).toEqual({
      requestId: res.headers.get('x-amzn-RequestId'),
      account: DEFAULT_ACCOUNT,
      region: DEFAULT_REGION,
      operation: 'DescribeStreamSummary',
      stream: 'no-such-stream',
      status: 400,
      errorType: body.__type,
      ms: expect.any(Number),
    });
  });

  it('logs a CBOR error with the __type the client decoded', async () => {
    const console = spyOnConsole();
    const { res, bytes } = await logged({
      headers: { 'X-Amz-Target': `${TARGET_PREFIX}.DescribeStream`, 'Content-Type': CBOR_11, ...signatureHeaders() },
      body: encodeCbor({ StreamName: 'cbor-missing' }),
    });
    const body = decodeCbor(bytes) as { __type: string };
    expect(res.status).toBe(400);
    expect(body.__type).toBe('ResourceNotFoundException');
    expect(onlyLine(console.log)).toMatchObject({ requestId: res.headers.get('x-amzn-RequestId'), status: 400, errorType: body.__type, stream: 'cbor-missing' });
  });

  it("logs a validation error before the operation ran, with the stream named by an ARN", async () => {
    const console = spyOnConsole();
    const arn = `arn:aws:kinesis:us-east-1:${DEFAULT_ACCOUNT}:stream/by-arn`;
    const { res, bytes } = await json('DescribeStreamSummary', { StreamARN: arn, Extra: 1 });
    const body = JSON.parse(text(bytes));
    expect(res.status).toBe(400);
    expect(onlyLine(console.log)).toMatchObject({ requestId: res.headers.get('x-amzn-RequestId'), status: 400, errorType: body.__type, stream: 'by-arn' });
  });

  it("logs AWS's XML answer (a GET) with its root element as the error type, and no tenant", async () => {
    const console = spyOnConsole();
    const { res, bytes } = await logged({ method: 'GET' });
    expect(res.status).toBe(403);
    const root = /^<(\w+)/.exec(text(bytes))![1];
    expect(root).toBe('AccessDeniedException');
    expect(onlyLine(console.log)).toEqual({ requestId: res.headers.get('x-amzn-RequestId'), status: 403, errorType: root, ms: expect.any(Number) });
  });

  it("logs the coral envelope's type under plain application/json", async () => {
    const console = spyOnConsole();
    const { res, bytes } = await logged({ headers: { 'X-Amz-Target': `${TARGET_PREFIX}.ListStreams`, 'Content-Type': 'application/json' }, body: '{}' });
    const type = JSON.parse(text(bytes)).Output.__type as string;
    expect(type).toMatch(/^com\.amazon\.coral\.service#\w+$/);
    expect(onlyLine(console.log)).toMatchObject({ status: res.status, errorType: type.split('#')[1], operation: 'ListStreams' });
  });

  it('logs an internal failure as InternalFailure, next to the one-line failure log it already writes', async () => {
    const console = spyOnConsole();
    vi.spyOn(operations.ListStreams, 'run').mockRejectedValueOnce(new TypeError('state went missing'));
    const { res, bytes } = await json('ListStreams', {});
    expect(res.status).toBe(500);
    expect(JSON.parse(text(bytes))).toEqual({ __type: 'InternalFailure' });
    const requestId = res.headers.get('x-amzn-RequestId');
    expect(onlyLine(console.log)).toMatchObject({ requestId, status: 500, errorType: 'InternalFailure', operation: 'ListStreams' });
    expect(console.error).toHaveBeenCalledTimes(1);
    expect(String(console.error.mock.calls[0][0])).toContain(`InternalFailure request ${requestId} operation ListStreams`);
  });

  it('bounds what the client named: a 10,000-character operation is cut to 64, a stream to 128', async () => {
    const console = spyOnConsole();
    const { res } = await logged({
      headers: { 'X-Amz-Target': `${TARGET_PREFIX}.${'A'.repeat(10_000)}`, 'Content-Type': JSON_11, ...signatureHeaders() },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect((onlyLine(console.log).operation as string).length).toBe(64);

    console.log.mockClear();
    await json('DescribeStream', { StreamName: 's'.repeat(10_000) });
    expect((onlyLine(console.log).stream as string).length).toBe(128);
  });

  it('writes one line per request', async () => {
    const console = spyOnConsole();
    const replies = await Promise.all([json('ListStreams', {}), json('ListStreams', {}), json('DescribeStream', { StreamName: 'x' })]);
    expect(console.log).toHaveBeenCalledTimes(3);
    const ids = console.log.mock.calls.map((args) => JSON.parse(String(args[0])).requestId);
    expect(ids.sort()).toEqual(replies.map((r) => r.res.headers.get('x-amzn-RequestId')).sort());
  });
});

describe('LOG_FORMAT unset', () => {
  it('logs nothing, for a success or an error (the pool runs the Worker as `npm start` does)', async () => {
    expect(bindings.LOG_FORMAT ?? '').toBe('');
    const console = spyOnConsole();
    expect((await kinesis('ListStreams', {})).status).toBe(200);
    expect((await kinesis('DescribeStream', { StreamName: 'missing' })).status).toBe(400);
    expect(console.log).not.toHaveBeenCalled();
    expect(console.error).not.toHaveBeenCalled();
  });

  it('logs nothing when LOG_FORMAT is anything but json', async () => {
    const console = spyOnConsole();
    const request = new Request('http://kinesis.test/', {
      method: 'POST',
      headers: { 'X-Amz-Target': `${TARGET_PREFIX}.ListStreams`, 'Content-Type': JSON_11, ...signatureHeaders() },
      body: '{}',
    });
    const res = await app.fetch(request, { ...bindings, LOG_FORMAT: 'text' }, createExecutionContext());
    expect(res.status).toBe(200);
    expect(console.log).not.toHaveBeenCalled();
  });
});
