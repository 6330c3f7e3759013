// AWS's version-2 sequence-number layout: format and parse the 56-digit decimal strings a shard hands out.
// Must not pick counters or times (the shard object does); parts in, string out, and back.
import { MAX_SEQUENCE_COUNTER, MAX_SEQUENCE_SECONDS, MAX_SHARD_INDEX } from '../limits';

/**
 * Layout by hex digit of the 47-hex-digit value [kinesalite db/index.js, reverse-engineered from AWS; aws-behaviour §4.1]:
 * [0] '2' | [1-9] shard creation, epoch s | [10] low nibble of shard index | [11-26] 64-bit counter, top bit 0 |
 * [27-28] '00' | [29-37] record time, epoch s | [38-45] 32-bit shard index | [46] version '2'.
 * Real values decode this way: `49669554613075263284170738169223374761157254194237800450` (Dec 2025, aws-behaviour §4.1)
 * and the Lambda docs' `49590338271490256608559692538361571095921575989136588898` on shardId-000000000006,
 * whose digit [10] is 6: the nibble really is the shard index's.
 */
export interface SequenceNumberParts {
  shardCreatedAtSec: number;
  shardIndex: number;
  counter: bigint;
  recordAtSec: number;
}

export function formatSequenceNumber(p: SequenceNumberParts): string {
  const { shardCreatedAtSec: created, shardIndex: index, counter, recordAtSec: at } = p;
  if (!isSeconds(created) || !isSeconds(at)) throw new RangeError('sequence number times must be integer epoch seconds below 16^9');
  if (!Number.isInteger(index) || index < 0 || index > MAX_SHARD_INDEX) throw new RangeError(`bad shard index ${index}`);
  if (counter < 0n || counter > MAX_SEQUENCE_COUNTER) throw new RangeError(`bad sequence counter ${counter}`);
  // Upper half (digits 0-26) and lower half (digits 27-46) as two bigints: fewer big shifts than one per field.
  const high = (((2n << 36n) | BigInt(created)) << 68n) | (BigInt(index & 15) << 64n) | counter;
  const low = (BigInt(at) << 36n) | (BigInt(index) << 4n) | 2n;
  return ((high << 80n) | low).toString();
}

// 2 * 16^46 <= v < 3 * 16^46 always prints as 56 decimal digits.
const DECIMAL_56 = /^[1-9][0-9]{55}$/;

/** Parts of a version-2 sequence number, or null for anything else (other versions, '0', junk, bad nibble). */
export function parseSequenceNumber(s: string): SequenceNumberParts | null {
  if (typeof s !== 'string' || !DECIMAL_56.test(s)) return null;
  const hex = BigInt(s).toString(16);
  if (hex.length !== 47 || hex.charCodeAt(0) !== 0x32 || hex.charCodeAt(46) !== 0x32) return null;
  if (hex.charCodeAt(27) !== 0x30 || hex.charCodeAt(28) !== 0x30) return null;
  const counter = BigInt('0x' + hex.slice(11, 27));
  const shardIndex = parseInt(hex.slice(38, 46), 16);
  if (counter > MAX_SEQUENCE_COUNTER || shardIndex > MAX_SHARD_INDEX) return null;
  if (parseInt(hex[10], 16) !== (shardIndex & 15)) return null;
  return {
    shardCreatedAtSec: parseInt(hex.slice(1, 10), 16),
    shardIndex,
    counter,
    recordAtSec: parseInt(hex.slice(29, 38), 16),
  };
}

/** A shard's StartingSequenceNumber: counter 0, time = creation [kinesalite; aws-behaviour §4.1]. */
export function startingSequenceNumber(shardCreatedAtSec: number, shardIndex: number): string {
  return formatSequenceNumber({ shardCreatedAtSec, shardIndex, counter: 0n, recordAtSec: shardCreatedAtSec });
}

/** A closed shard's EndingSequenceNumber: counter 0x7fffffffffffffff at the close time [aws-behaviour §4.1]. */
export function endingSequenceNumber(shardCreatedAtSec: number, shardIndex: number, closedAtSec: number): string {
  return formatSequenceNumber({ shardCreatedAtSec, shardIndex, counter: MAX_SEQUENCE_COUNTER, recordAtSec: closedAtSec });
}

function isSeconds(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_SEQUENCE_SECONDS;
}
