// A stream as the objects store it and the operations read it: its shards, lifecycle timestamps and settings, and
// what creating one takes. Plain data that crosses Durable Object RPC; status is derived from it (model/status).
import type { Tenant } from './tenant';
import type { StreamStatus } from './status';

export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface ShardInfo {
  index: number;
  parent: number | null;
  adjacentParent: number | null;
  startHash: string;
  endHash: string;
  createdAt: number;
  closedAt: number | null;
}

export interface StreamState {
  account: string;
  region: string;
  name: string;
  createdAt: number;
  activeAt: number;
  deletingAt: number | null;
  goneAt: number | null;
  updatingUntil: number | null;
  retentionHours: number;
  mode: StreamMode;
  encryptionType: 'NONE' | 'KMS';
  keyId: string | null;
  maxRecordKib: number;
  /** Enhanced monitoring's shard-level metrics, in the model's order (EnableEnhancedMonitoring). */
  shardLevelMetrics: string[];
  /** How puts pick a shard (UpdateStreamRecordDistributionStrategy); USER_PARTITION_KEY unless set. */
  recordDistribution: 'AUTO' | 'USER_PARTITION_KEY';
  shards: ShardInfo[];
  /** The warm throughput asked for (MiB/s) by UpdateStreamWarmThroughput or UpdateStreamMode; null when never set. */
  warmTargetMiBps?: number | null;
}

export interface CreateParams {
  tenant: Tenant;
  name: string;
  createdAt: number;
  activeAt: number;
  mode: StreamMode;
  retentionHours: number;
  maxRecordKib: number;
  /** Checked against the account's shard limit before this is sent; the ranges are computed by the stream, one by one. */
  shardCount: number;
  tags: Record<string, string>;
}

/** One line of an account's stream list. */
export interface StreamSummary {
  name: string;
  createdAt: number;
  status: Exclude<StreamStatus, 'GONE'>;
  mode: string;
}

/** A reshard as the stream object takes it; name and account only word a "not found" for a stream never created. */
export type ReshardRequest = { name: string; account: string } & (
  | { type: 'split'; shardIndex: number; newStartingHashKey: string }
  | { type: 'merge'; shardIndex: number; adjacentIndex: number }
  | { type: 'uniform'; target: number }
);

/** Open shard counts before and after a reshard (UpdateShardCount answers them). */
export interface ReshardOutcome {
  openBefore: number;
  openAfter: number;
}
