// Shard ids: `shardId-` + 12-digit index, and GetShardIterator's lenient reading of a client's ShardId.
// Must not decide whether the shard exists; callers check the index against the stream.
import { MAX_SHARD_INDEX } from '../limits';

/** `shardId-000000000005`: zero-padded to 12 digits [aws-behaviour §4.1]. */
export function formatShardId(index: number): string {
  return 'shardId-' + String(index).padStart(12, '0');
}

const DIGITS = /^[0-9]+$/;

/**
 * AWS reads the segment after the first '-' (up to any next '-'), or the whole string when that segment is empty,
 * as a decimal 0..2147483647: `shardId-5`, `shard-0`, `foo-0`, `5`, `-00002147483647` resolve; `ABKLFD8`, `2.14E4`,
 * `2147483648` do not [kinesalite actions/getShardIterator.js and its tests, recorded against AWS; aws-behaviour §3.8].
 * Inputs with two or more '-' follow kinesalite's `split('-')[1]`; AWS's answer for them is not recorded.
 */
export function parseShardIdLenient(s: string): number | null {
  if (typeof s !== 'string') return null;
  const dash = s.indexOf('-');
  let part = s;
  if (dash >= 0) {
    const next = s.indexOf('-', dash + 1);
    const segment = s.slice(dash + 1, next < 0 ? s.length : next);
    if (segment !== '') part = segment;
  }
  if (!DIGITS.test(part)) return null;
  const digits = part.replace(/^0+(?=.)/, '');
  if (digits.length > 10) return null;
  const index = Number(digits);
  return index <= MAX_SHARD_INDEX ? index : null;
}
