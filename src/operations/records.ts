// Shared by the data-plane operations: routing a record to its open shard by hash key, the shard object's
// address, and the per-record checks PutRecord and PutRecords make alike. Must not call objects itself.
import { KinesisError } from '../protocol/errors';
import { hashKeyOf, parseExplicitHashKey } from '../model/hash-key';
import { shardObjectName } from '../objects/names';
import { notNullPhrase } from '../schema/compile';
import { validationMessage } from '../schema/constraints';
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

/** An ExplicitHashKey read as a 128-bit hash key, or AWS's refusal of one out of range. */
function explicitHashKeyOf(explicitHashKey: string): bigint {
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

/** Whether the stream places records itself: AUTO, which only on-demand streams apply (a stream switched to
 *  PROVISIONED since places by key again, aws-behaviour §3.20). */
export const distributesAuto = (stream: LoadedStream): boolean => stream.recordDistribution === 'AUTO' && stream.mode === 'ON_DEMAND';

/**
 * Today's model makes PartitionKey optional because an AUTO stream ignores it, and says "If the stream uses the
 * USER_PARTITION_KEY record distribution strategy (the default), a partition key is required"
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html,
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html). Validation cannot know the stream, so
 * this check runs once it is known: on a stream that places by key, each record without one is refused in the words
 * validation used for a missing key before (`Value null at '<path>' failed to satisfy constraint: Member must not be
 * null`, at most 10 items; aws-behaviour §3.6). `pathOf(i)` is the member path of the i-th key (0-based).
 */
export function missingKeyError(stream: LoadedStream, keys: readonly (string | undefined)[], pathOf: (i: number) => string): KinesisError | null {
  if (distributesAuto(stream)) return null;
  const items: string[] = [];
  keys.forEach((key, i) => {
    if (key === undefined) items.push(`Value null at '${pathOf(i)}' failed to satisfy constraint: ${notNullPhrase}`);
  });
  return items.length === 0 ? null : new KinesisError('ValidationException', validationMessage(items));
}

/**
 * Where a record goes: its hash key (ExplicitHashKey or MD5 of the partition key; an ExplicitHashKey is checked
 * either way), except on a stream whose record distribution strategy is AUTO, which "ignores any partition key and
 * ExplicitHashKey" and spreads records evenly
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html): a
 * uniformly random hash key does that. A record without a partition key was refused before, unless AUTO.
 */
export function placementKey(stream: LoadedStream, partitionKey: string | undefined, explicitHashKey: string | undefined): bigint {
  const explicit = explicitHashKey === undefined ? undefined : explicitHashKeyOf(explicitHashKey);
  if (distributesAuto(stream)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
  }
  if (explicit !== undefined) return explicit;
  // Never: missingKeyError refused a keyless record on this same view of the stream.
  if (partitionKey === undefined) throw new KinesisError('InternalFailure');
  return hashKeyOf(partitionKey);
}

/** What a record counts against the size limits: its data plus its partition key's UTF-8 bytes, when it has one
 *  [DOC PutRecord]. */
export const recordSize = (partitionKey: string | undefined, data: Uint8Array): number =>
  data.byteLength + (partitionKey === undefined ? 0 : Buffer.byteLength(partitionKey, 'utf8'));

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
