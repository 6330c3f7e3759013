// Checks one answer against what the request deserves (requests.ts): never a 5xx, and every error in AWS's shape for
// its wire form. Returns what is wrong, or undefined.
import { decode as cborDecode } from 'cborg';
import { header, showBytes, type Http1Reply } from './http1';
import type { Expect } from './requests';
import type { Wire } from './judge';

/** The __type of an error body in JSON or CBOR, or a description of why there is none. */
function errorType(reply: Http1Reply, wire: Wire): { type?: string; problem?: string } {
  let body: unknown;
  try {
    body = wire === 'json' ? JSON.parse(reply.body.toString('utf8')) : cborDecode(reply.body, { tags: { 1: (v: unknown) => v } as never });
  } catch (err) {
    return { problem: `the body is not ${wire}: ${(err as Error).message}` };
  }
  const b = body as Record<string, unknown> | null;
  if (b === null || typeof b !== 'object' || typeof b.__type !== 'string') return { problem: 'the body has no string __type' };
  for (const key of ['message', 'Message']) if (key in b && typeof b[key] !== 'string') return { problem: `${key} is not a string` };
  // Clients read the type from x-amzn-ErrorType when it is sent (before a colon): it must agree with the body.
  const headerType = header(reply, 'x-amzn-errortype')?.split(':')[0];
  if (headerType !== undefined && headerType !== b.__type) return { problem: `x-amzn-ErrorType ${headerType} differs from __type ${b.__type}` };
  return { type: b.__type };
}

export function checkReply(reply: Http1Reply, expect: Expect): string | undefined {
  const { status } = reply;
  if (status >= 500) return `a ${status}`;
  const contentType = header(reply, 'content-type');
  switch (expect.kind) {
    case 'xml': {
      const text = reply.body.toString('utf8');
      if (status !== expect.status || !text.startsWith(`<${expect.type}`)) return `expected ${expect.status} <${expect.type}> in XML`;
      return undefined;
    }
    case 'coral': {
      let type: unknown;
      try {
        type = JSON.parse(reply.body.toString('utf8'))?.Output?.__type;
      } catch {
        type = undefined;
      }
      if (status !== expect.status || type !== `com.amazon.coral.service#${expect.type}`) return `expected ${expect.status} with Coral __type ${expect.type}`;
      return undefined;
    }
    case 'kinesis':
    case 'any-kinesis': {
      if (contentType !== expect.contentType) return `expected Content-Type ${expect.contentType}, got ${contentType}`;
      const okAllowed = expect.kind === 'any-kinesis' || expect.ok;
      if (status === 200) return okAllowed ? undefined : `expected a 400 ${expect.kind === 'kinesis' ? expect.types.join(' or ') : ''}, got 200`;
      if (status !== 400) return `expected 400, got ${status}`;
      const { type, problem } = errorType(reply, expect.wire);
      if (problem) return problem;
      if (expect.kind === 'kinesis' && !expect.types.includes(type!)) return `expected ${okAllowed ? '200 or ' : ''}${expect.types.join(' or ')}, got ${type}`;
      if (!/^[A-Za-z]+(Exception|Failure)$/.test(type!)) return `__type ${type} is not an AWS error type`;
      return undefined;
    }
  }
}

/** The answer as text for failure messages. */
export function showReply(reply: Http1Reply): string {
  const head = Object.entries(reply.headers).map(([k, v]) => `${k}: ${v.join(', ')}`).join('\n');
  return `${reply.status}\n${head}\n\n${showBytes(reply.body, 600)}`;
}
