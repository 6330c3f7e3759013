// A shard's records as callers address, write, position in and read them. Plain data that crosses Durable Object
// RPC between the operations and a shard object.

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
}

export interface RecordsPage {
  records: StoredRecord[];
  /** Counter of the last record returned, or the position asked for when none were. */
  lastCounter: number;
  millisBehindLatest: number;
}

/** Where a shard iterator starts, before the shard resolves it to "records after this counter". */
export type StartPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestamp: number }
  | { type: 'AFTER_COUNTER'; counter: number };

/** What a shard object hears when it registers with its stream: how to set itself up, or that its generation is
 *  gone for good. */
export type ShardWelcome = { open: true; retentionHours: number; goneAt: number | null } | { open: false };

/** A shard that a closed shard's hash range went to, as GetRecords and SubscribeToShard name it in ChildShards
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ChildShard.html). */
export interface ChildShardInfo {
  shardIndex: number;
  parentIndexes: number[];
  startHash: string;
  endHash: string;
}
