// Issue 7 item 10: a clean run prints nothing, and a real internal failure prints one line with the request id,
// the operation and the cause. A client that stops sending its body mid-way is not an internal failure.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JSON_11, TARGET_PREFIX, bindings, kinesis, signatureHeaders } from '../helpers/kinesis';
import { handleKinesis } from '../../src/pipeline';
import { operations } from '../../src/operations/registry';

function spyOnConsole() {
  // Silent spies: what the code logs is asserted here, not printed into the test run.
  const quiet = () => {};
  return {
    error: vi.spyOn(console, 'error').mockImplementation(quiet),
    warn: vi.spyOn(console, 'warn').mockImplementation(quiet),
    log: vi.spyOn(console, 'log').mockImplementation(quiet),
  };
}

afterEach(() => vi.restoreAllMocks());

/** A POST whose body stream sends part of the JSON and then fails, as a client that disconnects mid-body. */
function cutOffRequest(declaredLength: number | undefined): Request {
  const first = new TextEncoder().encode('{"Limit":');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(first);
      controller.error(new Error('Network connection lost.'));
    },
  });
  const headers: Record<string, string> = { 'X-Amz-Target': `${TARGET_PREFIX}.ListStreams`, 'Content-Type': JSON_11, ...signatureHeaders() };
  if (declaredLength !== undefined) headers['Content-Length'] = String(declaredLength);
  return new Request('http://kinesis.test/', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
}

describe('a client that stops sending its body', () => {
  for (const declared of [undefined, 100_000, 100_000_000]) {
    it(`is answered without logging anything (Content-Length ${declared ?? 'none'})`, async () => {
      const console = spyOnConsole();
      const reply = await handleKinesis(cutOffRequest(declared), bindings);
      expect(reply.status).toBe(400);
      expect(reply.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect([console.error.mock.calls, console.warn.mock.calls, console.log.mock.calls]).toEqual([[], [], []]);
    });
  }
});

describe('a real internal failure', () => {
  it('answers the bare InternalFailure and logs exactly one line: request id, operation, cause', async () => {
    const console = spyOnConsole();
    vi.spyOn(operations.ListStreams, 'run').mockRejectedValueOnce(new TypeError('state went missing\n  while listing'));
    const reply = await kinesis('ListStreams', {});
    expect({ status: reply.status, body: reply.body }).toEqual({ status: 500, body: { __type: 'InternalFailure' } });
    const requestId = reply.headers.get('x-amzn-requestid')!;
    expect(console.error).toHaveBeenCalledTimes(1);
    const args = console.error.mock.calls[0];
    expect(args).toHaveLength(1);
    const line = String(args[0]);
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toMatch(new RegExp(`^InternalFailure request ${requestId} operation ListStreams: TypeError: state went missing while listing \\(at .+\\)$`));
    expect([console.warn.mock.calls, console.log.mock.calls]).toEqual([[], []]);
  });

  it('logs nothing for the errors the API answers (a clean run prints nothing)', async () => {
    const console = spyOnConsole();
    expect((await kinesis('DescribeStream', { StreamName: 'missing' })).status).toBe(400);
    expect((await kinesis('ListStreams', {})).status).toBe(200);
    expect([console.error.mock.calls, console.warn.mock.calls, console.log.mock.calls]).toEqual([[], [], []]);
  });
});
