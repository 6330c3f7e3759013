// A shard's records as callers address, write, position in and read them. Plain data that crosses Durable Object
// RPC between the operations and a shard object.
import type { ErrorData } from '../protocol/errors';

/** What a caller knows of the shard; enough for the object to set itself up on first use. */
export interface ShardRef {
  account: string;
  region: string;
  streamName: string;
  /** The stream's generation (its creation time), as in the shard object's name: whom to register with. */
  streamCreatedAt: number;
  shardIndex: number;
  shardCreatedAt: number;
}

export interface PutEntry {
  partitionKey: string;
  data: Uint8Array;
}

export interface StoredRecord {
  sequenceNumber: string;
  arrival: number;
  partitionKey: string;
  data: ArrayBuffer;
  /** Written while the stream was encrypted (absent otherwise). */
  kms?: true;
}

export interface RecordsPage {
  records: StoredRecord[];
  /** Counter of the last record returned, or the position asked for when none were. */
  lastCounter: number;
  millisBehindLatest: number;
  /** Set when the shard is closed and this page reached its end: there is no next position, only these children. */
  childShards?: ChildShardInfo[];
}

/** Where a shard iterator starts, before the shard resolves it to "records after this counter". */
export type StartPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestamp: number }
  | { type: 'AFTER_COUNTER'; counter: number };

/** What a shard object hears when it registers with its stream: how to set itself up, or that its generation is
 *  gone for good. */
export type ShardWelcome = { open: true; retentionHours: number; goneAt: number | null; closedAt: number | null; children: ChildShardInfo[] } | { open: false };

/** What a stream object tells a shard it closes (resharding): enough to set the shard up if it never opened. */
export interface ShardClosing {
  streamName: string;
  shardIndex: number;
  shardCreatedAt: number;
  retentionHours: number;
  closedAt: number;
  children: ChildShardInfo[];
}

/** A put's answer: sequence numbers, a Kinesis error, or "closed": the caller's shard map is stale (a reshard closed
 *  this shard), so it re-reads the map and routes again. `throttled` (THROTTLE=aws): positions of the entries over the
 *  shard's write rate, not stored; `value` then holds the stored entries' sequence numbers, in order. */
export type PutResult = { ok: true; value: string[]; throttled?: number[] } | { ok: false; error: ErrorData } | { ok: false; closed: true };

/** A shard that a closed shard's hash range went to, as GetRecords and SubscribeToShard name it in ChildShards
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ChildShard.html). */
export interface ChildShardInfo {
  shardIndex: number;
  parentIndexes: number[];
  startHash: string;
  endHash: string;
}
