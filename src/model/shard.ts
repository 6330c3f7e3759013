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

/**
 * The partition key of a record put without one, as it is carried and stored: a stream using the AUTO record
 * distribution strategy takes records with no key (PutRecordInput, PutRecordsRequestEntry: "the partition key is
 * optional", https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html). A given key has 1-256
 * characters [MODEL], so '' is never one; records stored before this keep theirs, and no column changes.
 */
export const NO_PARTITION_KEY = '';

export interface PutEntry {
  /** NO_PARTITION_KEY when the put gave none. */
  partitionKey: string;
  data: Uint8Array;
}

export interface StoredRecord {
  sequenceNumber: string;
  arrival: number;
  /** NO_PARTITION_KEY when the put gave none: readers then omit PartitionKey (see partitionKeyMember). */
  partitionKey: string;
  data: ArrayBuffer;
  /** Written while the stream was encrypted (absent otherwise). */
  kms?: true;
}

/**
 * The PartitionKey member of a record read back (GetRecords, SubscribeToShard): the key as given, and none for a
 * record put without one, as AWS's Record says: "this value is not returned if the producer did not provide a
 * partition key when writing the record. If the producer provided a partition key, the original value is returned"
 * (_Record in @aws-sdk/client-kinesis 3.1143.0 models_0.d.ts;
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Record.html).
 */
export const partitionKeyMember = (stored: string): { PartitionKey?: string } => (stored === NO_PARTITION_KEY ? {} : { PartitionKey: stored });

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
