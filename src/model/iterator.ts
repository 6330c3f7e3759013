// Shard iterators: opaque, authenticated tokens carrying where a reader is, for whom, and since when.
// Must not look anything up or decide expiry messages; decode never throws, it answers null.
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { ITERATOR_TTL_MS, MAX_SHARD_INDEX } from '../limits';
import { shapes } from '../schema/shapes.generated';

export interface IteratorState {
  account: string;
  region: string;
  streamName: string;
  /** ms; identifies the stream generation, so a re-created stream's iterators do not match. */
  streamCreatedAt: number;
  shardIndex: number;
  /** Records with counter > this are next; signed 64-bit, so -1 means "from counter 0". */
  afterCounter: bigint;
  /** ms */
  issuedAt: number;
}

/** The model's ShardIterator max length (botocore's kinesis/2013-12-02 service-2.json). With the longest names requests
 *  can bring (12-digit account, 46-character region: model/tenant.ts, 128-character stream name) a token is 332
 *  characters, so encoding never fails for a stream that could be created; test/auth/tenancy.test.ts reads one. */
export const MAX_ITERATOR_LENGTH = shapes.ShardIterator.max;

/** Expired when more than ITERATOR_TTL_MS has passed (kinesalite: `now - created > 300000`). */
export function isIteratorExpired(state: IteratorState, now: number): boolean {
  return now - state.issuedAt > ITERATOR_TTL_MS;
}

// Token = 8-byte prefix 00..01 (AWS's start so, `AAAAAAAAAAE...`/`AAAAAAAAAAF...`, aws-behaviour §4.2) | 16-byte tag | ciphertext.
// SIV-style: tag = HMAC-SHA256(key, 0x01 | plaintext)[0..16]; ciphertext = plaintext XOR keystream, where keystream
// block i = HMAC-SHA512(key, 0x02 | tag | i), 64 bytes a call. Deterministic, authenticated and opaque; only
// createHmac is used, which Workers' node:crypto supports. Plaintext is zero-padded to 16-byte blocks like AWS's.
const PREFIX_LENGTH = 8;
const TAG_LENGTH = 16;
const HEADER_LENGTH = PREFIX_LENGTH + TAG_LENGTH;
const LAYOUT_VERSION = 1;
// version(1) streamCreatedAt(8) issuedAt(8) shardIndex(4) afterCounter(8) + three 1-byte string lengths
const FIXED_LENGTH = 1 + 8 + 8 + 4 + 8 + 3;
const MIN_TOKEN_CHARS = base64Length(HEADER_LENGTH + ((FIXED_LENGTH + 15) & ~15)); // all strings empty
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const TWO_32 = 4294967296;
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
const DOMAIN_TAG = Buffer.from([1]);
const DOMAIN_STREAM = Buffer.from([2]);

export function encodeIterator(state: IteratorState, key: string): string {
  const { account, region, streamName, streamCreatedAt, issuedAt, shardIndex, afterCounter } = state;
  if (!isMillis(streamCreatedAt) || !isMillis(issuedAt)) throw new RangeError('iterator times must be non-negative integer ms');
  if (!Number.isInteger(shardIndex) || shardIndex < 0 || shardIndex > MAX_SHARD_INDEX) throw new RangeError(`bad shard index ${shardIndex}`);
  if (afterCounter < MIN_INT64 || afterCounter > MAX_INT64) throw new RangeError(`bad afterCounter ${afterCounter}`);
  const accountBytes = Buffer.byteLength(account, 'utf8');
  const regionBytes = Buffer.byteLength(region, 'utf8');
  const nameBytes = Buffer.byteLength(streamName, 'utf8');
  if (accountBytes > 255 || regionBytes > 255 || nameBytes > 255) throw new RangeError('iterator strings must fit 255 bytes');
  const plainLength = (FIXED_LENGTH + accountBytes + regionBytes + nameBytes + 15) & ~15;
  const total = HEADER_LENGTH + plainLength;
  if (base64Length(total) > MAX_ITERATOR_LENGTH) throw new RangeError(`iterator would exceed ${MAX_ITERATOR_LENGTH} characters`);

  const buf = Buffer.alloc(total);
  buf[PREFIX_LENGTH - 1] = 1;
  let o = HEADER_LENGTH;
  buf[o++] = LAYOUT_VERSION;
  o = writeMillis(buf, o, streamCreatedAt);
  o = writeMillis(buf, o, issuedAt);
  o = buf.writeUInt32BE(shardIndex, o);
  o = buf.writeBigInt64BE(afterCounter, o);
  o = writeString(buf, o, account, accountBytes);
  o = writeString(buf, o, region, regionBytes);
  writeString(buf, o, streamName, nameBytes);

  const plain = buf.subarray(HEADER_LENGTH);
  const tag = buf.subarray(PREFIX_LENGTH, HEADER_LENGTH);
  computeTag(key, plain).copy(tag);
  applyKeystream(key, tag, plain);
  return buf.toString('base64');
}

export function decodeIterator(token: string, key: string): IteratorState | null {
  try {
    return decode(token, key);
  } catch {
    return null; // belt and braces: nothing below should throw, but garbage must never become a 500
  }
}

function decode(token: string, key: string): IteratorState | null {
  if (typeof token !== 'string' || typeof key !== 'string') return null;
  if (token.length < MIN_TOKEN_CHARS || token.length > MAX_ITERATOR_LENGTH || token.length % 4 !== 0) return null;
  if (!BASE64.test(token)) return null;
  const buf = Buffer.from(token, 'base64');
  // Buffer's decoder ignores stray low bits; only the canonical spelling of the bytes is the token.
  if (buf.toString('base64') !== token) return null;
  if ((buf.length - HEADER_LENGTH) % 16 !== 0) return null;
  for (let i = 0; i < PREFIX_LENGTH - 1; i++) if (buf[i] !== 0) return null;
  if (buf[PREFIX_LENGTH - 1] !== 1) return null;

  const tag = buf.subarray(PREFIX_LENGTH, HEADER_LENGTH);
  const plain = buf.subarray(HEADER_LENGTH);
  applyKeystream(key, tag, plain);
  if (!equalBytes(computeTag(key, plain), tag, TAG_LENGTH)) return null;

  // Authentic from here on; the checks below only guard against a layout change under the same key.
  if (plain[0] !== LAYOUT_VERSION) return null;
  let o = 1;
  const streamCreatedAt = readMillis(plain, o);
  const issuedAt = readMillis(plain, (o += 8));
  const shardIndex = plain.readUInt32BE((o += 8));
  const afterCounter = plain.readBigInt64BE((o += 4));
  o += 8;
  const account = readString(plain, o);
  if (account === null) return null;
  o += 1 + plain[o];
  const region = readString(plain, o);
  if (region === null) return null;
  o += 1 + plain[o];
  const streamName = readString(plain, o);
  if (streamName === null) return null;
  o += 1 + plain[o];
  if (plain.length - o >= 16) return null;
  for (; o < plain.length; o++) if (plain[o] !== 0) return null;
  if (!isMillis(streamCreatedAt) || !isMillis(issuedAt) || shardIndex > MAX_SHARD_INDEX) return null;
  return { account, region, streamName, streamCreatedAt, shardIndex, afterCounter, issuedAt };
}

function computeTag(key: string, plain: Uint8Array): Buffer {
  return createHmac('sha256', key).update(DOMAIN_TAG).update(plain).digest().subarray(0, TAG_LENGTH);
}

function applyKeystream(key: string, tag: Uint8Array, data: Uint8Array): void {
  const counter = Buffer.alloc(4);
  for (let block = 0, o = 0; o < data.length; block++) {
    counter.writeUInt32BE(block, 0);
    const ks = createHmac('sha512', key).update(DOMAIN_STREAM).update(tag).update(counter).digest();
    for (let i = 0; i < ks.length && o < data.length; i++, o++) data[o] ^= ks[i];
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  let diff = 0;
  for (let i = 0; i < n; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function writeMillis(buf: Buffer, o: number, ms: number): number {
  o = buf.writeUInt32BE(Math.floor(ms / TWO_32), o);
  return buf.writeUInt32BE(ms % TWO_32, o);
}

function readMillis(buf: Buffer, o: number): number {
  return buf.readUInt32BE(o) * TWO_32 + buf.readUInt32BE(o + 4);
}

function writeString(buf: Buffer, o: number, s: string, byteLength: number): number {
  buf[o++] = byteLength;
  return o + buf.write(s, o, byteLength, 'utf8');
}

/** The length-prefixed string at o, or null when it would run past the end. */
function readString(buf: Buffer, o: number): string | null {
  if (o >= buf.length) return null;
  const end = o + 1 + buf[o];
  return end > buf.length ? null : buf.toString('utf8', o + 1, end);
}

function isMillis(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}
