// Shared by the data-plane operations: routing a record to its open shard by hash key, the shard object's
// address, and the per-record checks PutRecord and PutRecords make alike. Must not call objects itself.
import { KinesisError } from '../protocol/errors';
import { hashKeyOf, parseExplicitHashKey } from '../model/hash-key';
import { shardObjectName } from '../objects/names';
import type { ShardInfo } from '../model/stream';
import type { ShardRef } from '../model/shard';
import type { Context } from './operation';
import type { LoadedStream } from './streams';

export interface Router {
  /** The open shard whose hash range holds the key [DOC PutRecord; aws-behaviour §3.6]. */
  shardFor(hashKey: bigint): ShardInfo;
}

/** Parsing 128-bit ranges is the costly part of routing; a cached stream keeps its shard list object, so the
 *  router built for it is reused by every put until the cache refreshes. */
const routers = new WeakMap<ShardInfo[], Router>();

export function routerOf(stream: LoadedStream): Router {
  let router = routers.get(stream.shards);
  if (!router) routers.set(stream.shards, (router = buildRouter(stream.shards)));
  return router;
}

function buildRouter(shards: ShardInfo[]): Router {
  const open = shards
    .filter((s) => s.closedAt === null)
    .map((s) => ({ shard: s, start: BigInt(s.startHash), end: BigInt(s.endHash) }))
    .sort((a, b) => (a.start < b.start ? -1 : 1));
  return {
    shardFor(key) {
      let lo = 0;
      let hi = open.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (open[mid].start <= key) lo = mid;
        else hi = mid - 1;
      }
      return open[lo].shard;
    },
  };
}

/** The record's hash key: ExplicitHashKey when given, else MD5 of the partition key. */
export function hashKeyFor(partitionKey: string, explicitHashKey: string | undefined): bigint {
  if (explicitHashKey === undefined) return hashKeyOf(partitionKey);
  const key = parseExplicitHashKey(explicitHashKey);
  if (key === null) {
    // [KL; aws-behaviour §3.6]
    throw new KinesisError(
      'InvalidArgumentException',
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}`,
    );
  }
  return key;
}

/**
 * Where a record goes: its hash key (ExplicitHashKey or MD5 of the partition key, checked either way), except on a
 * stream whose record distribution strategy is AUTO, which "ignores any partition key and ExplicitHashKey" and spreads
 * records evenly (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html):
 * a uniformly random hash key does that. Differs from AWS: PartitionKey stays required (the generated validation
 * follows botocore's model, aws-behaviour §3.20).
 */
export function placementKey(stream: LoadedStream, partitionKey: string, explicitHashKey: string | undefined): bigint {
  const key = hashKeyFor(partitionKey, explicitHashKey);
  // Only on-demand streams distribute by AUTO (a stream switched to PROVISIONED since places by key again).
  if (stream.recordDistribution !== 'AUTO' || stream.mode !== 'ON_DEMAND') return key;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

/** What a record counts against the size limits: its data plus its partition key's UTF-8 bytes [DOC PutRecord]. */
export const recordSize = (partitionKey: string, data: Uint8Array): number => data.byteLength + Buffer.byteLength(partitionKey, 'utf8');

/** Key + data must fit the stream's max record size [DOC PutRecord]. AWS's 2022 answer named only the data member
 *  and omitted the value (aws-behaviour §2); the path is `data` or `records.N.member.data`. */
export function recordSizeError(stream: LoadedStream, size: number, path: string): string | null {
  const max = stream.maxRecordKib * 1024;
  if (size <= max) return null;
  return `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${max}`;
}

export function shardRefOf(stream: LoadedStream, shard: ShardInfo): ShardRef {
  return { account: stream.account, region: stream.region, streamName: stream.name, streamCreatedAt: stream.createdAt, shardIndex: shard.index, shardCreatedAt: shard.createdAt };
}

export function shardStub(ctx: Context, stream: { name: string; createdAt: number }, shardIndex: number) {
  return ctx.env.SHARD.getByName(shardObjectName(ctx.tenant, stream.name, stream.createdAt, shardIndex));
}
