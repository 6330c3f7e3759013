// Test helpers for the Worker suite: signed Kinesis requests against SELF, a fake clock the Worker and its objects
// share, and stream set-up that reaches ACTIVE by moving that clock, never by sleeping.
import { SELF, reset } from 'cloudflare:test';
import { clearStreamCache } from '../../src/operations/stream-cache';
import { clearControlRates } from '../../src/operations/control-rates';
import { env } from 'cloudflare:workers';
import { expect, vi } from 'vitest';
import type { Env } from '../../src/env';

/** The Worker's bindings, typed (cloudflare:workers types `env` as the empty Cloudflare.Env). */
export const bindings = env as unknown as Env;

export const TARGET_PREFIX = 'Kinesis_20131202';
export const JSON_11 = 'application/x-amz-json-1.1';
export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';
/** wrangler.toml's CREATE_STREAM_MS / DELETE_STREAM_MS (the test config keeps the defaults). */
export const STATUS_DELAY_MS = 500;
export const SHARD_LIMIT = 50;

export interface Reply {
  status: number;
  headers: Headers;
  /** Raw body bytes. */
  bytes: Uint8Array;
  /** The body as UTF-8 text ('' when empty). */
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  body: any;
}

export interface SignOptions {
  /** Access key id: 12 digits select that account, anything else the default account. */
  accessKey?: string;
  /** Region named in the credential scope. */
  region?: string;
}

function amzDate(ms: number): { stamp: string; day: string } {
  const stamp = new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return { stamp, day: stamp.slice(0, 8) };
}

/** A syntactically complete SigV4 Authorization header and its X-Amz-Date (the signature itself is not verified). */
export function signatureHeaders(opts: SignOptions = {}): Record<string, string> {
  const { stamp, day } = amzDate(Date.now());
  const accessKey = opts.accessKey ?? 'AKIAIOSFODNN7EXAMPLE';
  const region = opts.region ?? DEFAULT_REGION;
  return {
    Authorization:
      `AWS4-HMAC-SHA256 Credential=${accessKey}/${day}/${region}/kinesis/aws4_request, ` +
      `SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0123456789abcdef'.repeat(4)}`,
    'X-Amz-Date': stamp,
  };
}

/** Sends a raw request to the Worker and reads the reply without assuming its encoding. */
export async function send(init: { method?: string; path?: string; headers?: Record<string, string>; body?: string | null }): Promise<Reply> {
  const res = await SELF.fetch(`http://kinesis.test${init.path ?? '/'}`, {
    method: init.method ?? 'POST',
    headers: init.headers ?? {},
    body: init.body ?? null,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let body: any;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, bytes, text, body };
}

/** POSTs a Kinesis JSON 1.1 request for `operation`, signed as `opts` says. */
export function kinesis(operation: string, body: unknown, opts: SignOptions & { headers?: Record<string, string> } = {}): Promise<Reply> {
  return send({
    headers: {
      'X-Amz-Target': `${TARGET_PREFIX}.${operation}`,
      'Content-Type': JSON_11,
      ...signatureHeaders(opts),
      ...(opts.headers ?? {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Asserts an error reply on the wire: status, __type and the full message (undefined: no message key). */
export function expectError(reply: Reply, type: string, message?: string, status = 400): void {
  expect({ status: reply.status, body: reply.body }).toEqual({
    status,
    body: message === undefined ? { __type: type } : type === 'SerializationException' ? { __type: type, Message: message } : { __type: type, message },
  });
}

/** Asserts a 200 reply with an empty body (operations with no output). */
export function expectEmptyOk(reply: Reply): void {
  expect({ status: reply.status, text: reply.text }).toEqual({ status: 200, text: '' });
}

/** Asserts a 200 reply and returns its parsed body. */
export function ok(reply: Reply): any {
  if (reply.status !== 200) throw new Error(`expected 200, got ${reply.status}: ${reply.text}`);
  return reply.body;
}

// ---- the clock ---------------------------------------------------------------------------------------------------

/**
 * A fixed start far in the real future: alarms the objects schedule from fake times then never fire on their own
 * during a test (tests fire them with runDurableObjectAlarm), and never fire in a tight loop from the past.
 * 2040-01-01T00:00:00.000Z.
 */
export const T0 = Date.UTC(2040, 0, 1);

/** Fakes Date for the test, the Worker and the Durable Objects (one isolate), starting at `start`. */
export function useFakeClock(start = T0): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(start);
}

/**
 * Empty storage and the clock at T0: what every Worker test starts from (beforeEach). Without the reset, streams of
 * earlier tests would be CREATING again at T0 and would use up the test config's 50-shard limit.
 */
export async function freshStart(): Promise<void> {
  await reset();
  // The Worker caches stream state in its isolate (src/operations/stream-cache.ts); wiped storage must not be
  // answered from it. The main worker shares this isolate and module instance with the tests.
  clearStreamCache();
  // THROTTLE=aws counts control-plane calls per isolate by clock second; every test starts at T0 with none counted.
  clearControlRates();
  useFakeClock();
}

export function advance(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

export function restoreClock(): void {
  vi.useRealTimers();
}

// ---- streams -----------------------------------------------------------------------------------------------------

let counter = 0;
/** A stream name no other test in this file uses. */
export function uniqueName(prefix = 'stream'): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Polls DescribeStreamSummary, moving the fake clock forward, until the stream shows `status`. */
export async function waitForStatus(name: string, status: string, opts: SignOptions = {}): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const reply = await kinesis('DescribeStreamSummary', { StreamName: name }, opts);
    if (reply.status === 200 && reply.body.StreamDescriptionSummary.StreamStatus === status) return;
    advance(STATUS_DELAY_MS / 5);
  }
  throw new Error(`stream ${name} never became ${status}`);
}

/** Polls until DescribeStreamSummary says the stream is gone, moving the fake clock forward. */
export async function waitForGone(name: string, opts: SignOptions = {}): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const reply = await kinesis('DescribeStreamSummary', { StreamName: name }, opts);
    if (reply.status === 400 && reply.body.__type === 'ResourceNotFoundException') return;
    advance(STATUS_DELAY_MS / 5);
  }
  throw new Error(`stream ${name} was never deleted`);
}

/** Creates a stream and moves the fake clock until it is ACTIVE. Needs useFakeClock(). */
export async function createActiveStream(name: string, shardCount = 1, opts: SignOptions & { extra?: Record<string, unknown> } = {}): Promise<void> {
  const reply = await kinesis('CreateStream', { StreamName: name, ShardCount: shardCount, ...(opts.extra ?? {}) }, opts);
  expectEmptyOk(reply);
  await waitForStatus(name, 'ACTIVE', opts);
}

/** Base64 of a UTF-8 string, as JSON carries Data. */
export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export async function putRecord(name: string, partitionKey: string, data: string, opts: SignOptions & { extra?: Record<string, unknown> } = {}) {
  return ok(await kinesis('PutRecord', { StreamName: name, PartitionKey: partitionKey, Data: b64(data), ...(opts.extra ?? {}) }, opts)) as {
    ShardId: string;
    SequenceNumber: string;
  };
}

export async function shardIterator(name: string, shardId: string, type = 'TRIM_HORIZON', extra: Record<string, unknown> = {}, opts: SignOptions = {}): Promise<string> {
  return ok(await kinesis('GetShardIterator', { StreamName: name, ShardId: shardId, ShardIteratorType: type, ...extra }, opts)).ShardIterator;
}

/** The hash ranges CreateStream gives N shards (aws-behaviour §4.4), computed independently of src/model. */
export function evenRanges(n: number): { StartingHashKey: string; EndingHashKey: string }[] {
  const space = 2n ** 128n;
  const size = space / BigInt(n);
  return Array.from({ length: n }, (_, i) => ({
    StartingHashKey: (BigInt(i) * size).toString(),
    EndingHashKey: (i === n - 1 ? space - 1n : BigInt(i + 1) * size - 1n).toString(),
  }));
}

export const shardId = (i: number): string => `shardId-${String(i).padStart(12, '0')}`;

/** 56-digit decimal strings: what a version-2 sequence number looks like. */
export const SEQUENCE_NUMBER = /^[1-9][0-9]{55}$/;
