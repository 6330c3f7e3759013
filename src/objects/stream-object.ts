// StreamObject: one stream's lifecycle timestamps, shard map, retention and tags; purges deleted generations.
// Status is derived from timestamps by the caller (model/status); the alarm only purges. Must not store records.
// Knows which shards were ever opened (each registers once, shardOpened): only those are told of deletion and
// retention changes and purged, so a stream's cost follows the shards used, not the shards it has.
import { DurableObject } from 'cloudflare:workers';
import { fail, ok, type Result } from '../protocol/errors';
import { streamNotActive, streamNotFound, retentionChangeError, tagCharactersError, tooManyTagsError } from '../model/stream-rules';
import { streamStatus } from '../model/status';
import { evenHashRange } from '../model/hash-key';
import { systemClock, type Clock } from '../model/clock';
import { streamMigrations } from './migrations';
import { shardObjectName } from './names';
import { fanOut } from './fan-out';
import { hasTable, migrate, sqlOf, type Sql } from './sql';
import { MODE_SWITCH_WINDOW_MS, PURGE_BATCH, SCALING_WINDOW_MS } from '../limits';
import { committed, modeSwitchLimitError, shardsForMiBps, warmNeedsOnDemandMode, warmThroughputError } from '../model/capacity';
import { childrenOf, mergePlan, splitPlan, uniformScalingPlan, adjacent, type ReshardPlan } from '../model/reshard';
import { alreadyResharded, notAdjacent, onDemandStream, scalingLimitError, shardNotInStream, splitKeyError } from '../model/reshard-rules';
import { formatShardId } from '../model/shard-id';
import { accountObjectName } from './names';
import type { CreateParams, ReshardOutcome, ReshardRequest, ShardInfo, StreamMode, StreamState } from '../model/stream';
import type { ShardWelcome } from '../model/shard';
import type { ObjectEnv, StreamPeer } from './rpc';
import { countConsumers, deleteAllConsumers, deregisterConsumer, findConsumer, listConsumers, registerConsumer, type StreamOf } from './consumer-rows';
import { consumerTagKeys, consumerTags, deleteConsumerTags, putConsumerTags, type ConsumerKey } from './consumer-rows';
import { consumerTagCharactersError, tooManyConsumerTagsError, type ConsumerRef } from '../model/resource-rules';
import { streamHasConsumers, type ConsumerInfo } from '../model/consumer';
import { disableMetrics, enableMetrics, encryptionChangeLimitError, recordDistributionError } from '../model/stream-settings';
import { ENCRYPTION_CHANGE_WINDOW_MS } from '../limits';

type StreamRow = { [k: string]: SqlStorageValue } & {
  account: string; region: string; name: string; created_at: number; active_at: number; deleting_at: number | null;
  gone_at: number | null; updating_until: number | null; retention_hours: number; mode: string; encryption_type: string;
  key_id: string | null; max_record_kib: number; warm_target_mibps: number | null; shard_metrics: string; record_distribution: string | null;
};

export class StreamObject extends DurableObject<ObjectEnv> implements StreamPeer {
  private readonly sql: Sql;
  private readonly clock: Clock = systemClock;

  constructor(ctx: DurableObjectState, env: ObjectEnv) {
    super(ctx, env);
    this.sql = sqlOf(ctx.storage);
    // Steps added since this stream was created (opened_shards) must exist before any method reads them.
    if (hasTable(ctx.storage, 'stream')) migrate(ctx.storage, streamMigrations);
  }

  private row(): StreamRow | undefined {
    if (!hasTable(this.ctx.storage, 'stream')) return undefined;
    return this.sql<StreamRow>`SELECT * FROM stream`.toArray()[0];
  }

  /** The stream as it is now, or null when it does not exist (never created, or past its deletion). */
  async state(): Promise<StreamState | null> {
    const row = this.row();
    if (!row) return null;
    const state = this.toState(row);
    return streamStatus(state, this.clock.now()) === 'GONE' ? null : state;
  }

  private shardRows(): ShardInfo[] {
    return this.sql<{ idx: number; parent: number | null; adjacent_parent: number | null; start_hash: string; end_hash: string; created_at: number; closed_at: number | null }>`
      SELECT * FROM shards ORDER BY idx`
      .toArray()
      .map((s) => ({ index: s.idx, parent: s.parent, adjacentParent: s.adjacent_parent, startHash: s.start_hash, endHash: s.end_hash, createdAt: s.created_at, closedAt: s.closed_at }));
  }

  private toState(row: StreamRow): StreamState {
    const shards = this.shardRows();
    return {
      account: row.account, region: row.region, name: row.name, createdAt: row.created_at, activeAt: row.active_at,
      deletingAt: row.deleting_at, goneAt: row.gone_at, updatingUntil: row.updating_until, retentionHours: row.retention_hours,
      mode: row.mode as StreamState['mode'], encryptionType: row.encryption_type as StreamState['encryptionType'],
      keyId: row.key_id, maxRecordKib: row.max_record_kib, shards, warmTargetMiBps: row.warm_target_mibps ?? null,
      shardLevelMetrics: JSON.parse(row.shard_metrics) as string[],
      recordDistribution: row.record_distribution === 'AUTO' ? 'AUTO' : 'USER_PARTITION_KEY',
    };
  }

  /** Starts a new generation of this stream. The account object has already checked name and limits. */
  async create(p: CreateParams): Promise<Result<null>> {
    migrate(this.ctx.storage, streamMigrations);
    const old = this.row();
    this.ctx.storage.transactionSync(() => {
      if (old) {
        // A re-create overtook the purge of the deleted generation: queue its opened shards for purging now.
        this.sql`INSERT OR REPLACE INTO purges (created_at, shard_count, due_at) VALUES (${old.created_at}, 0, ${p.createdAt})`;
        this.sql`DELETE FROM stream`;
        this.sql`DELETE FROM shards`;
        this.sql`DELETE FROM tags`;
        this.sql`DELETE FROM scalings`;
        this.sql`DELETE FROM mode_switches`;
        this.sql`DELETE FROM resource_policies`;
        this.sql`DELETE FROM consumer_tags`;
      }
      this.sql`INSERT INTO stream (id, account, region, name, created_at, active_at, retention_hours, mode, encryption_type, max_record_kib)
               VALUES (1, ${p.tenant.account}, ${p.tenant.region}, ${p.name}, ${p.createdAt}, ${p.activeAt}, ${p.retentionHours}, ${p.mode}, 'NONE', ${p.maxRecordKib})`;
      for (let i = 0; i < p.shardCount; i++) {
        const range = evenHashRange(i, p.shardCount);
        this.sql`INSERT INTO shards (idx, start_hash, end_hash, created_at) VALUES (${i}, ${range.start.toString()}, ${range.end.toString()}, ${p.createdAt})`;
      }
      for (const [key, value] of Object.entries(p.tags)) this.sql`INSERT INTO tags (key, value) VALUES (${key}, ${value})`;
    });
    if (old) await this.schedulePurge();
    return ok(null);
  }

  /** DELETING from now until goneAt; the alarm then drops the shards' data and this generation. */
  async markDeleting(now: number, goneAt: number, enforceConsumerDeletion = false): Promise<Result<null>> {
    const row = this.row();
    if (!row) return fail('InternalFailure');
    if (row.deleting_at === null) {
      // Consumers block deletion unless the caller says they go too [DOC DeleteStream EnforceConsumerDeletion].
      if (!enforceConsumerDeletion && countConsumers(this.ctx.storage, row.created_at, now) > 0) return { ok: false, error: streamHasConsumers(row.name, row.account) };
      deleteAllConsumers(this.ctx.storage, row.created_at, now, goneAt);
      this.ctx.storage.transactionSync(() => {
        this.sql`UPDATE stream SET deleting_at = ${now}, gone_at = ${goneAt}`;
        this.sql`INSERT OR REPLACE INTO purges (created_at, shard_count, due_at) VALUES (${row.created_at}, 0, ${goneAt})`;
      });
      await this.schedulePurge();
      // Tell every opened shard before DeleteStream answers, so no Worker's cached view of the stream can still
      // write. Read after the update: a shard registering from now on is told by shardOpened's answer instead.
      await fanOut(this.openedShards(row.created_at), (index) => this.shard(row, row.created_at, index).markDeleted(goneAt));
    }
    return ok(null);
  }

  /**
   * A shard object of generation `generation` is being used for the first time: it is recorded as opened (so
   * deletion, retention changes and the purge reach it) and told how to set itself up. A generation that is gone
   * for good, or a shard this stream does not have, is answered `open: false`, and the shard stores nothing.
   */
  async shardOpened(generation: number, index: number): Promise<ShardWelcome> {
    const row = this.row();
    if (!row || row.created_at !== generation || streamStatus(timesOf(row), this.clock.now()) === 'GONE') return { open: false };
    const shard = this.sql<{ closed_at: number | null }>`SELECT closed_at FROM shards WHERE idx = ${index}`.toArray()[0];
    if (!shard) return { open: false };
    this.sql`INSERT OR IGNORE INTO opened_shards (generation, idx) VALUES (${generation}, ${index})`;
    const children = shard.closed_at === null ? [] : childrenOf(this.shardRows(), index);
    return { open: true, retentionHours: row.retention_hours, goneAt: row.gone_at, closedAt: shard.closed_at, children };
  }

  /**
   * SplitShard, MergeShards and UpdateShardCount: checks in AWS's order (aws-behaviour §3.12), then the account's
   * shard limit, then closes the parents (their shard objects refuse writes from then on) before the children exist,
   * so a partition key's records are all in the parent before any is in a child. Nothing else reaches this object
   * meanwhile: a reader of the shard map sees it before or after, never half-changed. The stream is UPDATING for
   * updateStreamMs; reads and writes go on, routed by the new map at once.
   */
  async reshard(req: ReshardRequest, shardLimit: number, updateStreamMs: number): Promise<Result<ReshardOutcome>> {
    return this.ctx.blockConcurrencyWhile(() => this.reshardNow(req, shardLimit, updateStreamMs));
  }

  private async reshardNow(req: ReshardRequest, shardLimit: number, updateStreamMs: number): Promise<Result<ReshardOutcome>> {
    const row = this.row();
    const now = this.clock.now();
    if (!row) return { ok: false, error: streamNotFound(req.name, req.account) };
    const status = streamStatus(timesOf(row), now);
    if (status === 'GONE') return { ok: false, error: streamNotFound(row.name, row.account) };
    if (status !== 'ACTIVE') return { ok: false, error: streamNotActive(row.name, row.account, status) };
    if (row.mode === 'ON_DEMAND') return { ok: false, error: onDemandStream(row.name, row.account) };
    const shards = this.shardRows();
    const openBefore = shards.filter((s) => s.closedAt === null).length;
    const planned = this.plan(req, row, shards, openBefore, now);
    if (!planned.ok) return planned;
    const plan = planned.value;
    const openAfter = openBefore - plan.close.length + plan.add.filter((s) => s.closedAt === null).length;
    const tenant = { account: row.account, region: row.region };
    const account = this.env.ACCOUNT.getByName(accountObjectName(tenant));
    const reserved = await account.adjustOpenShards(tenant, row.name, openAfter - openBefore, shardLimit);
    if (!reserved.ok) return { ok: false, error: { ...reserved.error } };
    try {
      await this.closeParents(row, shards, plan, now);
    } catch (error) {
      await account.adjustOpenShards(tenant, row.name, openBefore - openAfter, shardLimit);
      throw error;
    }
    this.ctx.storage.transactionSync(() => {
      this.storePlan(plan, now);
      this.sql`UPDATE stream SET updating_until = ${now + updateStreamMs}`;
      if (req.type === 'uniform') this.sql`INSERT INTO scalings (at) VALUES (${now})`;
    });
    return ok({ openBefore, openAfter });
  }

  /** A plan's parents refuse writes once this returns. Only opened parents can hold records or take writes; the
   *  others learn they are closed if they ever open. */
  private async closeParents(row: StreamRow, shards: ShardInfo[], plan: ReshardPlan, now: number): Promise<void> {
    const all = [...shards, ...plan.add];
    const opened = new Set(this.openedShards(row.created_at));
    await fanOut(plan.close.filter((i) => opened.has(i)), (index) =>
      this.shard(row, row.created_at, index).close({
        streamName: row.name, shardIndex: index, shardCreatedAt: shards.find((s) => s.index === index)!.createdAt,
        retentionHours: row.retention_hours, closedAt: now, children: childrenOf(all, index),
      }),
    );
  }

  /** Inside a transaction: the parents closed, the children stored. */
  private storePlan(plan: ReshardPlan, now: number): void {
    for (const index of plan.close) this.sql`UPDATE shards SET closed_at = ${now} WHERE idx = ${index}`;
    for (const s of plan.add) {
      this.sql`INSERT INTO shards (idx, parent, adjacent_parent, start_hash, end_hash, created_at, closed_at)
               VALUES (${s.index}, ${s.parent}, ${s.adjacentParent}, ${s.startHash}, ${s.endHash}, ${s.createdAt}, ${s.closedAt})`;
    }
  }

  /** The plan a request asks for, or AWS's refusal, checked in AWS's order. */
  private plan(req: ReshardRequest, row: StreamRow, shards: ShardInfo[], openCount: number, now: number): Result<ReshardPlan> {
    const next = shards.length === 0 ? 0 : shards[shards.length - 1].index + 1;
    const find = (index: number): Result<ShardInfo> => {
      const shard = shards.find((s) => s.index === index);
      if (!shard) return { ok: false, error: shardNotInStream(row.name, row.account, formatShardId(index)) };
      if (shard.closedAt !== null) return { ok: false, error: alreadyResharded(row.name, row.account, formatShardId(index)) };
      return ok(shard);
    };
    switch (req.type) {
      case 'split': {
        const shard = find(req.shardIndex);
        if (!shard.ok) return shard;
        const key = BigInt(req.newStartingHashKey);
        const error = splitKeyError(row.name, row.account, formatShardId(req.shardIndex), key, BigInt(shard.value.startHash), BigInt(shard.value.endHash));
        if (error) return { ok: false, error };
        return ok(splitPlan(shard.value, key, next, now));
      }
      case 'merge': {
        const shard = find(req.shardIndex);
        if (!shard.ok) return shard;
        const other = find(req.adjacentIndex);
        if (!other.ok) return other;
        if (req.shardIndex === req.adjacentIndex || !adjacent(shard.value, other.value)) {
          return { ok: false, error: notAdjacent(row.name, row.account, formatShardId(req.shardIndex), formatShardId(req.adjacentIndex)) };
        }
        return ok(mergePlan(shard.value, other.value, next, now));
      }
      case 'uniform': {
        this.sql`DELETE FROM scalings WHERE at <= ${now - SCALING_WINDOW_MS}`;
        const today = this.sql<{ n: number }>`SELECT COUNT(*) AS n FROM scalings`.one().n;
        const error = scalingLimitError(row.name, row.account, openCount, req.target, today);
        if (error) return { ok: false, error };
        return ok(uniformScalingPlan(shards.filter((s) => s.closedAt === null), req.target, next, now));
      }
    }
  }

  private openedShards(generation: number): number[] {
    return this.sql<{ idx: number }>`SELECT idx FROM opened_shards WHERE generation = ${generation} ORDER BY idx`.toArray().map((r) => r.idx);
  }

  private shard(row: StreamRow, generation: number, index: number) {
    return this.env.SHARD.getByName(shardObjectName({ account: row.account, region: row.region }, row.name, generation, index));
  }

  private liveRow(): Result<StreamRow> {
    const row = this.row();
    const now = this.clock.now();
    if (!row) return fail('InternalFailure');
    const status = streamStatus(timesOf(row), now);
    if (status === 'GONE') return { ok: false, error: streamNotFound(row.name, row.account) };
    if (status !== 'ACTIVE' && status !== 'UPDATING') return { ok: false, error: streamNotActive(row.name, row.account, status) };
    return ok(row);
  }

  async changeRetention(op: 'increase' | 'decrease', hours: number): Promise<Result<null>> {
    const live = this.liveRow();
    if (!live.ok) return live;
    const row = live.value;
    const error = retentionChangeError(op, row.name, row.retention_hours, hours);
    if (error) return { ok: false, error };
    if (hours === row.retention_hours) return ok(null);
    this.sql`UPDATE stream SET retention_hours = ${hours}`;
    // Shards hold the retention for their trim alarms: tell each opened one, so none trims by the old period. One
    // opened later learns the new period from shardOpened.
    await fanOut(this.openedShards(row.created_at), (index) => this.shard(row, row.created_at, index).setRetention(hours));
    return ok(null);
  }

  async addTags(tags: Record<string, string>): Promise<Result<null>> {
    const live = this.liveRow();
    if (!live.ok) return live;
    const { name, account } = live.value;
    const error = tagCharactersError('add', name, account, Object.entries(tags).flat());
    if (error) return { ok: false, error };
    const existing = new Set(this.sql<{ key: string }>`SELECT key FROM tags`.toArray().map((r) => r.key));
    const total = existing.size + Object.keys(tags).filter((k) => !existing.has(k)).length;
    const tooMany = tooManyTagsError(name, account, total);
    if (tooMany) return { ok: false, error: tooMany };
    this.ctx.storage.transactionSync(() => {
      for (const [key, value] of Object.entries(tags)) this.sql`INSERT OR REPLACE INTO tags (key, value) VALUES (${key}, ${value})`;
    });
    return ok(null);
  }

  async removeTags(keys: string[]): Promise<Result<null>> {
    const live = this.liveRow();
    if (!live.ok) return live;
    const error = tagCharactersError('remove', live.value.name, live.value.account, keys);
    if (error) return { ok: false, error };
    this.ctx.storage.transactionSync(() => {
      for (const key of keys) this.sql`DELETE FROM tags WHERE key = ${key}`;
    });
    return ok(null);
  }

  /** Tags sorted by key (byte order), after an exclusive start key [KL; aws-behaviour §3.11]. */
  async listTags(exclusiveStartKey: string | undefined, limit: number): Promise<Result<{ tags: { key: string; value: string }[]; hasMore: boolean }>> {
    const row = this.row();
    if (!row || streamStatus(timesOf(row), this.clock.now()) === 'GONE') return fail('InternalFailure');
    const rows = this.sql<{ key: string; value: string }>`SELECT key, value FROM tags WHERE key > ${exclusiveStartKey ?? ''} ORDER BY key LIMIT ${limit + 1}`.toArray();
    return ok({ tags: rows.slice(0, limit), hasMore: rows.length > limit });
  }

  private async schedulePurge(): Promise<void> {
    const next = this.sql<{ due: number | null }>`SELECT MIN(due_at) AS due FROM purges`.one().due;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /**
   * Purges what is due, a batch of opened shards per run: the shard objects' data, then, once none is left, the
   * generation's record here (and this object's rows if it is the current one). More work left: the alarm is due
   * again at once. Batches keep each run short: a 4.8 s run (2,000 opened shards in one go) stalled, then reset,
   * requests the local server had already sent on a kept-alive connection.
   */
  override async alarm(): Promise<void> {
    const now = this.clock.now();
    const row = this.row();
    if (!row) return;
    // Due means gone: shardOpened refuses these generations now, so their lists cannot grow while they are purged.
    const batch = this.sql<{ generation: number; idx: number }>`
      SELECT generation, idx FROM opened_shards WHERE generation IN (SELECT created_at FROM purges WHERE due_at <= ${now})
      ORDER BY generation, idx LIMIT ${PURGE_BATCH}`.toArray();
    await fanOut(batch, (s) => this.shard(row, s.generation, s.idx).destroy());
    this.ctx.storage.transactionSync(() => {
      for (const s of batch) this.sql`DELETE FROM opened_shards WHERE generation = ${s.generation} AND idx = ${s.idx}`;
      this.sql`DELETE FROM purges WHERE due_at <= ${now} AND created_at NOT IN (SELECT generation FROM opened_shards)`;
    });
    const current = this.row();
    const purged = current && this.sql`SELECT 1 FROM purges WHERE created_at = ${current.created_at}`.toArray().length === 0;
    if (current && purged && current.gone_at !== null && current.gone_at <= now) {
      this.ctx.storage.transactionSync(() => {
        this.sql`DELETE FROM stream`;
        this.sql`DELETE FROM shards`;
        this.sql`DELETE FROM tags`;
        this.sql`DELETE FROM scalings`;
        this.sql`DELETE FROM mode_switches`;
        this.sql`DELETE FROM resource_policies`;
        this.sql`DELETE FROM consumer_tags`;
      });
    }
    await this.schedulePurge();
  }

  // Stream settings (StartStreamEncryption and the like) need the stream ACTIVE, as their ResourceInUseException
  // says ("the resource must be in the ACTIVE state", e.g. https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html):
  // activeRow() below.

  /**
   * Start (a KMS key) or stop (keyId null) server-side encryption: the stream is UPDATING for updateStreamMs, and
   * records written from now on carry the new setting. At most 25 starts and 25 stops per rolling 24 hours.
   */
  async setEncryption(op: 'start' | 'stop', keyId: string | null, updateStreamMs: number): Promise<Result<null>> {
    const active = this.activeRow();
    if (!active.ok) return active;
    const row = active.value;
    const now = this.clock.now();
    this.sql`DELETE FROM encryption_changes WHERE at <= ${now - ENCRYPTION_CHANGE_WINDOW_MS} OR generation <> ${row.created_at}`;
    const kind = op === 'start' ? 1 : 0;
    const recent = this.sql<{ n: number }>`SELECT COUNT(*) AS n FROM encryption_changes WHERE generation = ${row.created_at} AND kms = ${kind}`.one().n;
    const error = encryptionChangeLimitError(op, row.name, row.account, recent);
    if (error) return { ok: false, error };
    this.ctx.storage.transactionSync(() => {
      this.sql`UPDATE stream SET encryption_type = ${op === 'start' ? 'KMS' : 'NONE'}, key_id = ${keyId}, updating_until = ${now + updateStreamMs}`;
      this.sql`INSERT INTO encryption_changes (generation, at, kms) VALUES (${row.created_at}, ${now}, ${kind})`;
    });
    return ok(null);
  }

  /** Enhanced monitoring: the metrics before and after adding or removing some. Takes effect at once. */
  async setShardMetrics(op: 'enable' | 'disable', metrics: string[]): Promise<Result<{ current: string[]; desired: string[] }>> {
    const active = this.activeRow();
    if (!active.ok) return active;
    const current = JSON.parse(active.value.shard_metrics) as string[];
    const desired = op === 'enable' ? enableMetrics(current, metrics) : disableMetrics(current, metrics);
    this.sql`UPDATE stream SET shard_metrics = ${JSON.stringify(desired)}`;
    return ok({ current, desired });
  }

  /** UpdateMaxRecordSize: puts are held to the new size from now on. */
  async setMaxRecordSize(kib: number): Promise<Result<null>> {
    const active = this.activeRow();
    if (!active.ok) return active;
    this.sql`UPDATE stream SET max_record_kib = ${kib}`;
    return ok(null);
  }

  /** UpdateStreamRecordDistributionStrategy: AUTO only on on-demand streams; "takes effect immediately". */
  async setRecordDistribution(strategy: 'AUTO' | 'USER_PARTITION_KEY'): Promise<Result<null>> {
    const active = this.activeRow();
    if (!active.ok) return active;
    const error = recordDistributionError(strategy, active.value.mode, active.value.name, active.value.account);
    if (error) return { ok: false, error };
    this.sql`UPDATE stream SET record_distribution = ${strategy === 'AUTO' ? 'AUTO' : null}`;
    return ok(null);
  }

  // Enhanced fan-out consumers: the rules and SQL are in consumer-rows.ts. Registering needs an ACTIVE stream;
  // reading and deregistering work in any state the stream is visible in.
  private consumerHost(active: boolean): Result<StreamOf> {
    let row = this.row();
    if (active) {
      const live = this.liveRow();
      if (!live.ok) return live;
      row = live.value;
    }
    if (!row) return fail('InternalFailure');
    if (streamStatus(timesOf(row), this.clock.now()) === 'GONE') return { ok: false, error: streamNotFound(row.name, row.account) };
    return ok({ generation: row.created_at, name: row.name, account: row.account });
  }

  /** `tags`: RegisterStreamConsumer's, checked by the consumer tag rules before anything is registered. */
  async registerConsumer(name: string, createMs: number, tags: Record<string, string> = {}): Promise<Result<ConsumerInfo>> {
    const host = this.consumerHost(true);
    if (!host.ok) return host;
    const { account, name: stream } = host.value;
    const error = consumerTagCharactersError('add', name, stream, account, Object.entries(tags).flat()) ?? tooManyConsumerTagsError(name, stream, account, Object.keys(tags).length);
    if (error) return { ok: false, error };
    return this.ctx.storage.transactionSync(() => {
      const registered = registerConsumer(this.ctx.storage, host.value, name, this.clock.now(), createMs);
      if (registered.ok) putConsumerTags(this.ctx.storage, { name, createdAt: registered.value.createdAt }, tags);
      return registered;
    });
  }

  // Tags and resource policies by ARN (TagResource, UntagResource, ListTagsForResource, Put/Get/DeleteResourcePolicy).
  // A stream's tags are the stream tag table (AddTagsToStream's); a consumer's are keyed by its registration.

  /** The consumer an ARN names (its name and creation second), in any state it is visible in. */
  private consumerKey(ref: ConsumerRef): Result<ConsumerKey & { stream: string; account: string }> {
    const host = this.consumerHost(false);
    if (!host.ok) return host;
    const found = findConsumer(this.ctx.storage, host.value, ref.name, this.clock.now(), ref.createdAtSec);
    return found.ok ? ok({ name: ref.name, createdAt: found.value.createdAt, stream: host.value.name, account: host.value.account }) : found;
  }

  async tagConsumer(ref: ConsumerRef, tags: Record<string, string>): Promise<Result<null>> {
    const c = this.consumerKey(ref);
    if (!c.ok) return c;
    const { name, stream, account } = c.value;
    const chars = consumerTagCharactersError('add', name, stream, account, Object.entries(tags).flat());
    if (chars) return { ok: false, error: chars };
    const existing = consumerTagKeys(this.ctx.storage, c.value);
    const tooMany = tooManyConsumerTagsError(name, stream, account, existing.size + Object.keys(tags).filter((k) => !existing.has(k)).length);
    if (tooMany) return { ok: false, error: tooMany };
    this.ctx.storage.transactionSync(() => putConsumerTags(this.ctx.storage, c.value, tags));
    return ok(null);
  }

  async untagConsumer(ref: ConsumerRef, keys: string[]): Promise<Result<null>> {
    const c = this.consumerKey(ref);
    if (!c.ok) return c;
    const chars = consumerTagCharactersError('remove', c.value.name, c.value.stream, c.value.account, keys);
    if (chars) return { ok: false, error: chars };
    this.ctx.storage.transactionSync(() => deleteConsumerTags(this.ctx.storage, c.value, keys));
    return ok(null);
  }

  async consumerTags(ref: ConsumerRef): Promise<Result<{ key: string; value: string }[]>> {
    const c = this.consumerKey(ref);
    return c.ok ? ok(consumerTags(this.ctx.storage, c.value)) : c;
  }

  /** Where a resource's policy row is: the stream's ('' / 0) or a consumer registration's. */
  private policyKey(ref: ConsumerRef | undefined): Result<ConsumerKey> {
    if (ref) return this.consumerKey(ref);
    const host = this.consumerHost(false);
    return host.ok ? ok({ name: '', createdAt: 0 }) : host;
  }

  async putPolicy(ref: ConsumerRef | undefined, policy: string): Promise<Result<null>> {
    const key = this.policyKey(ref);
    if (!key.ok) return key;
    this.sql`INSERT OR REPLACE INTO resource_policies (consumer, consumer_created_at, policy) VALUES (${key.value.name}, ${key.value.createdAt}, ${policy})`;
    return ok(null);
  }

  /** The policy as it was put, or null when the resource has none. */
  async policy(ref: ConsumerRef | undefined): Promise<Result<string | null>> {
    const key = this.policyKey(ref);
    if (!key.ok) return key;
    const row = this.sql<{ policy: string }>`SELECT policy FROM resource_policies WHERE consumer = ${key.value.name} AND consumer_created_at = ${key.value.createdAt}`.toArray()[0];
    return ok(row ? row.policy : null);
  }

  /** false when there was no policy to delete. */
  async deletePolicy(ref: ConsumerRef | undefined): Promise<Result<boolean>> {
    const key = this.policyKey(ref);
    if (!key.ok) return key;
    const had = this.sql`SELECT 1 FROM resource_policies WHERE consumer = ${key.value.name} AND consumer_created_at = ${key.value.createdAt}`.toArray().length > 0;
    this.sql`DELETE FROM resource_policies WHERE consumer = ${key.value.name} AND consumer_created_at = ${key.value.createdAt}`;
    return ok(had);
  }

  async consumer(name: string, createdAtSec?: number): Promise<Result<ConsumerInfo>> {
    const host = this.consumerHost(false);
    return host.ok ? findConsumer(this.ctx.storage, host.value, name, this.clock.now(), createdAtSec) : host;
  }

  async listConsumers(after: string | undefined, limit: number): Promise<Result<{ consumers: ConsumerInfo[]; hasMore: boolean }>> {
    const host = this.consumerHost(false);
    return host.ok ? ok(listConsumers(this.ctx.storage, host.value.generation, after, limit, this.clock.now())) : host;
  }

  async consumerCount(): Promise<number> {
    const host = this.consumerHost(false);
    return host.ok ? countConsumers(this.ctx.storage, host.value.generation, this.clock.now()) : 0;
  }

  async deregisterConsumer(name: string, deleteMs: number, createdAtSec?: number): Promise<Result<ConsumerInfo>> {
    const host = this.consumerHost(false);
    return host.ok ? deregisterConsumer(this.ctx.storage, host.value, name, this.clock.now(), deleteMs, createdAtSec) : host;
  }

  // ---- capacity: UpdateStreamMode, warm throughput, on-demand splits (model/capacity.ts has the rules) ------------

  private accountOf(row: StreamRow) {
    return this.env.ACCOUNT.getByName(accountObjectName({ account: row.account, region: row.region }));
  }

  /**
   * UpdateStreamMode: the stream must be ACTIVE; a switch counts against the two per rolling 24 hours and makes it
   * UPDATING; the shards stay as they are (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html).
   * Asking for the mode it has changes nothing (warm throughput aside). The account object checks its on-demand limit
   * and keeps the mode for ListStreams.
   */
  async updateMode(address: { name: string; account: string }, mode: StreamMode, warmMiBps: number | undefined, shardLimit: number, updateStreamMs: number): Promise<Result<null>> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const live = this.activeRow(address.name, address.account);
      if (!live.ok) return live;
      const row = live.value;
      const now = this.clock.now();
      if (warmMiBps !== undefined && mode !== 'ON_DEMAND') return { ok: false, error: warmNeedsOnDemandMode() };
      const switching = mode !== row.mode;
      if (!switching && warmMiBps === undefined) return ok(null);
      if (switching) {
        this.sql`DELETE FROM mode_switches WHERE at <= ${now - MODE_SWITCH_WINDOW_MS}`;
        const today = this.sql<{ n: number }>`SELECT COUNT(*) AS n FROM mode_switches`.one().n;
        const error = modeSwitchLimitError(row.name, row.account, today);
        if (error) return { ok: false, error };
      }
      const account = this.accountOf(row);
      if (warmMiBps !== undefined) {
        const error = warmThroughputError(row.name, row.account, mode, committed(await account.commitment(), now), warmMiBps);
        if (error) return { ok: false, error };
      }
      const tenant = { account: row.account, region: row.region };
      if (switching) {
        const set = await account.setStreamMode(tenant, row.name, mode);
        if (!set.ok) return { ok: false, error: { ...set.error } };
      }
      if (warmMiBps !== undefined) {
        const warmed = await this.warm(row, warmMiBps, shardLimit, now);
        if (!warmed.ok) {
          if (switching) await account.setStreamMode(tenant, row.name, row.mode as StreamMode);
          return warmed;
        }
      }
      this.ctx.storage.transactionSync(() => {
        this.sql`UPDATE stream SET mode = ${mode}, updating_until = ${now + updateStreamMs}`;
        if (switching) this.sql`INSERT INTO mode_switches (at) VALUES (${now})`;
      });
      return ok(null);
    });
  }

  /**
   * UpdateStreamWarmThroughput: on-demand streams of committed accounts only, up to 10 GiBps; UPDATING meanwhile
   * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html). Answers the
   * target and the write capacity the open shards had before.
   */
  async updateWarmThroughput(address: { name: string; account: string }, mibps: number, shardLimit: number, updateStreamMs: number): Promise<Result<{ targetMiBps: number; openBefore: number }>> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const live = this.activeRow(address.name, address.account);
      if (!live.ok) return live;
      const row = live.value;
      const now = this.clock.now();
      const error = warmThroughputError(row.name, row.account, row.mode as StreamMode, committed(await this.accountOf(row).commitment(), now), mibps);
      if (error) return { ok: false, error };
      const openBefore = this.shardRows().filter((s) => s.closedAt === null).length;
      const warmed = await this.warm(row, mibps, shardLimit, now);
      if (!warmed.ok) return warmed;
      this.sql`UPDATE stream SET updating_until = ${now + updateStreamMs}`;
      return ok({ targetMiBps: mibps, openBefore });
    });
  }

  /**
   * Warming to `mibps`: the open shards become at least as many as that write rate needs (1 MiB/s each), by the
   * splits and merges of UNIFORM_SCALING, within the account's shard limit; never fewer. The target is kept.
   */
  private async warm(row: StreamRow, mibps: number, shardLimit: number, now: number): Promise<Result<null>> {
    const shards = this.shardRows();
    const open = shards.filter((s) => s.closedAt === null);
    const needed = shardsForMiBps(mibps);
    if (needed > open.length) {
      const tenant = { account: row.account, region: row.region };
      const account = this.accountOf(row);
      // Counted before any plan sized by the target is built.
      const reserved = await account.adjustOpenShards(tenant, row.name, needed - open.length, shardLimit);
      if (!reserved.ok) return { ok: false, error: { ...reserved.error } };
      const next = shards.length === 0 ? 0 : shards[shards.length - 1].index + 1;
      const plan = uniformScalingPlan(open, needed, next, now);
      try {
        await this.closeParents(row, shards, plan, now);
      } catch (error) {
        await account.adjustOpenShards(tenant, row.name, open.length - needed, shardLimit);
        throw error;
      }
      this.ctx.storage.transactionSync(() => this.storePlan(plan, now));
    }
    this.sql`UPDATE stream SET warm_target_mibps = ${mibps}`;
    return ok(null);
  }

  /**
   * On-demand scaling: a shard of an on-demand stream that took more than its split rate for a sustained window asks
   * to be split, and is split in the middle of its range, "redistributed evenly across child shards"
   * (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html), like SplitShard: closed first,
   * then its children exist. No UPDATING phase, no count against UpdateShardCount's limits: AWS scales these streams
   * itself. Refused quietly ({ split: false }) for a provisioned stream, a closed shard, a stream not ACTIVE or
   * UPDATING, or when the account's shard limit is reached.
   */
  async autoSplit(generation: number, index: number): Promise<{ split: boolean }> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const row = this.row();
      const now = this.clock.now();
      if (!row || row.created_at !== generation || row.mode !== 'ON_DEMAND') return { split: false };
      const status = streamStatus(timesOf(row), now);
      if (status !== 'ACTIVE' && status !== 'UPDATING') return { split: false };
      const shards = this.shardRows();
      const shard = shards.find((s) => s.index === index);
      if (!shard || shard.closedAt !== null) return { split: false };
      const start = BigInt(shard.startHash);
      const end = BigInt(shard.endHash);
      const middle = start + (end - start + 1n) / 2n;
      if (middle <= start + 1n || middle >= end) return { split: false };
      const tenant = { account: row.account, region: row.region };
      const account = this.accountOf(row);
      const reserved = await account.adjustOpenShards(tenant, row.name, 1);
      if (!reserved.ok) return { split: false };
      const plan = splitPlan(shard, middle, shards[shards.length - 1].index + 1, now);
      try {
        await this.closeParents(row, shards, plan, now);
      } catch (error) {
        await account.adjustOpenShards(tenant, row.name, -1);
        throw error;
      }
      this.ctx.storage.transactionSync(() => this.storePlan(plan, now));
      return { split: true };
    });
  }

  /** The stream row when ACTIVE; else AWS's not found or not ACTIVE (as resharding answers). Callers that reach an
   *  existing stream only (the operations looked it up first) may leave out the name for "not found". */
  private activeRow(name?: string, account?: string): Result<StreamRow> {
    const row = this.row();
    if (!row) return name === undefined ? fail('InternalFailure') : { ok: false, error: streamNotFound(name, account ?? '') };
    const status = streamStatus(timesOf(row), this.clock.now());
    if (status === 'GONE') return { ok: false, error: streamNotFound(row.name, row.account) };
    if (status !== 'ACTIVE') return { ok: false, error: streamNotActive(row.name, row.account, status) };
    return ok(row);
  }
}

const timesOf = (row: StreamRow) => ({ createdAt: row.created_at, activeAt: row.active_at, deletingAt: row.deleting_at, goneAt: row.gone_at, updatingUntil: row.updating_until });
