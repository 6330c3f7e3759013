// The 128-bit hash-key space: partition key -> hash key, explicit hash keys, even splits at CreateStream.
// Must not know about shards' storage or status; it only does the arithmetic.
import { createHash } from 'node:crypto';
import { MAX_HASH_KEY } from '../limits';

const HASH_SPACE = MAX_HASH_KEY + 1n;

/** MD5 of the UTF-8 partition key read as an unsigned big-endian integer [AWS PutRecord docs; kinesalite]. */
export function hashKeyOf(partitionKey: string): bigint {
  return BigInt('0x' + createHash('md5').update(partitionKey, 'utf8').digest('hex'));
}

export interface HashRange {
  start: bigint;
  end: bigint;
}

/**
 * CreateStream's split: size = floor(2^128 / n), shard i = [i*size, (i+1)*size - 1], the last ends at
 * 2^128 - 1. Matches the 3-shard ranges kinesalite recorded against AWS (aws-behaviour §4.4).
 * One range at a time, so whoever stores n shards never holds an n-sized array it was not asked for.
 */
export function evenHashRange(i: number, n: number): HashRange {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`shard count must be a positive integer, got ${n}`);
  if (!Number.isSafeInteger(i) || i < 0 || i >= n) throw new RangeError(`shard index must be in [0, ${n}), got ${i}`);
  const size = HASH_SPACE / BigInt(n);
  const start = BigInt(i) * size;
  return { start, end: i === n - 1 ? MAX_HASH_KEY : start + size - 1n };
}

/** Every range of an n-shard split; callers must have bounded n (CreateStream checks the shard limit first). */
export function evenHashRanges(n: number): HashRange[] {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`shard count must be a positive integer, got ${n}`);
  return Array.from({ length: n }, (_, i) => evenHashRange(i, n));
}

// Longest decimal form of a value below 2^128 is 39 digits (the model's HashKey pattern 0|([1-9]\d{0,38})).
const DECIMAL = /^[0-9]{1,39}$/;

/**
 * ExplicitHashKey as a bigint, or null when it is not a decimal string or is >= 2^128 (AWS answers the latter
 * with InvalidArgumentException "Invalid ExplicitHashKey...", aws-behaviour §3.6). The schema checks the
 * pattern first; leading zeros are tolerated here.
 */
export function parseExplicitHashKey(s: string): bigint | null {
  if (typeof s !== 'string') return null;
  const digits = s.length > 39 ? s.replace(/^0+(?=.)/, '') : s;
  if (!DECIMAL.test(digits)) return null;
  const value = BigInt(digits);
  return value > MAX_HASH_KEY ? null : value;
}
