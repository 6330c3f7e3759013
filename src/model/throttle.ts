// AWS's per-shard rate limits as plain arithmetic over a clock passed in: which of a put's records fit the shard's
// write rate this second, whether a GetRecords call may read now, whether a consumer may subscribe again. The shard
// object holds the state (it is the one place that sees every write and read of its shard) and answers the errors;
// this file decides. Only used with THROTTLE=aws (docs/aws-behaviour.md, "Throttling and fault injection").
// Must not do I/O or read a clock itself.
import { formatShardId } from './shard-id';

export type ThrottleMode = 'off' | 'aws';

export interface Rate {
  bytesPerSec: number;
  recordsPerSec: number;
}

/** Bytes of a string in UTF-8, as AWS counts partition keys, without allocating an encoding. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Which records of one put the shard takes, in request order: a record is taken while the second's count stays within
 * both rates (AWS's shard write limit counts data and partition keys). A refused record is not counted, so a smaller
 * record after it may still fit. `used`: what this second took before this put.
 */
export function admitWrites(used: { bytes: number; records: number }, sizes: readonly number[], rate: Rate): boolean[] {
  let bytes = used.bytes;
  let records = used.records;
  return sizes.map((size) => {
    if (records + 1 > rate.recordsPerSec || bytes + size > rate.bytesPerSec) return false;
    records += 1;
    bytes += size;
    return true;
  });
}

/**
 * One shard's GetRecords budget: at most `callsPerSec` calls in each whole second, and bytes paid back at
 * `bytesPerSec`. A call is answered whole (its size is known only once read), so one reply may overdraw the budget:
 * the debt carries into the next seconds and calls are refused until it is paid, which is AWS's "10 MB, then 5
 * seconds of exceptions" at 2 MiB/s. A refused call counts toward nothing.
 */
export class ReadBudget {
  private second = -1;
  private calls = 0;
  /** Bytes read not yet paid back as of `second`. */
  private owed = 0;

  constructor(private readonly rate: { callsPerSec: number; bytesPerSec: number }) {}

  private advance(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (second <= this.second) return;
    const elapsed = this.second < 0 ? Infinity : second - this.second;
    this.owed = Math.max(0, this.owed - elapsed * this.rate.bytesPerSec);
    this.calls = 0;
    this.second = second;
  }

  /** Whether a call may read at `nowMs`; an admitted call is counted. */
  admit(nowMs: number): boolean {
    this.advance(nowMs);
    if (this.calls >= this.rate.callsPerSec || this.owed >= this.rate.bytesPerSec) return false;
    this.calls += 1;
    return true;
  }

  /** An admitted call read `bytes`. */
  spend(nowMs: number, bytes: number): void {
    this.advance(nowMs);
    this.owed += bytes;
  }
}

/**
 * At most one call per `intervalMs` per key (SubscribeToShard: per consumer, in the shard object of one shard). Keys
 * older than the interval are forgotten once more than `maxEntries` are held, so the map stays bounded.
 */
export class IntervalGate {
  private readonly last = new Map<string, number>();

  constructor(private readonly intervalMs: number, private readonly maxEntries: number) {}

  admit(key: string, nowMs: number): boolean {
    const at = this.last.get(key);
    if (at !== undefined && nowMs - at < this.intervalMs) return false;
    if (this.last.size >= this.maxEntries) {
      for (const [k, t] of this.last) if (nowMs - t >= this.intervalMs) this.last.delete(k);
    }
    this.last.set(key, nowMs);
    return true;
  }
}

/** A put refused for its shard's write rate, as AWS words it in the PutRecords example
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html). */
export const writeThrottledMessage = (shardIndex: number, streamName: string, account: string): string =>
  `Rate exceeded for shard ${formatShardId(shardIndex)} in stream ${streamName} under account ${account}.`;

/** A GetRecords call refused for its shard's read rate: AWS's wording as a client's issue report shows it, not
 *  documented by AWS (docs/aws-behaviour.md, "Throttling and fault injection"). */
export const readThrottledMessage = (account: string, streamName: string, shardIndex: number): string =>
  `Rate exceeded for Shard - ${account}/${streamName}/${formatShardId(shardIndex)}`;

/** SubscribeToShard called again within a second for one consumer and shard: our wording [OURS]. */
export const subscribeThrottledMessage = (consumerArn: string, shardIndex: number): string =>
  `Rate exceeded for consumer ${consumerArn} on shard ${formatShardId(shardIndex)}: one SubscribeToShard call per second is allowed.`;

/** THROTTLE as the Worker reads it: unset, empty or "off" is off; anything else is "aws", a typo included, so a
 *  deployment fails towards AWS's behaviour. `known` says whether the value was one of the two. */
export function readThrottleMode(value: string | undefined): { mode: ThrottleMode; known: boolean } {
  if (value === undefined || value === '' || value === 'off') return { mode: 'off', known: true };
  return { mode: 'aws', known: value === 'aws' };
}
