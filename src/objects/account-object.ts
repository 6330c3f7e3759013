// AccountObject: the stream registry of one account in one region: names, lifecycle timestamps, open shard counts.
// Enforces the account's shard limit and name uniqueness; the account+region prefix is where tenants plug in.
// Must not hold stream details: those live in each StreamObject.
import { DurableObject } from 'cloudflare:workers';
import { fail, ok, passOn, type Result } from '../protocol/errors';
import { shardLimitError, streamNotFound } from '../model/stream-rules';
import { streamLimitError } from '../model/tenant';
import { onDemandLimitError, updateCommitment, type Commitment } from '../model/capacity';
import { DEFAULT_VARS, ON_DEMAND_STREAM_LIMIT } from '../limits';
import { streamStatus } from '../model/status';
import { systemClock, type Clock } from '../model/clock';
import { accountMigrations } from './migrations';
import { streamObjectName } from './names';
import { hasTable, migrate, sqlOf, type Sql } from './sql';
import type { CreateParams, StreamMode, StreamSummary } from '../model/stream';
import type { AccountPeer, ObjectEnv } from './rpc';

type SettingsRow = { [k: string]: SqlStorageValue } & {
  commitment_started_at: number | null; commitment_earliest_end_at: number | null; commitment_ended_at: number | null; shard_limit: number | null;
};

type Row = { [k: string]: SqlStorageValue } & {
  name: string; created_at: number; active_at: number; deleting_at: number | null; gone_at: number | null; open_shards: number; mode: string;
};

const status = (r: Row, now: number) =>
  streamStatus({ createdAt: r.created_at, activeAt: r.active_at, deletingAt: r.deleting_at, goneAt: r.gone_at }, now);

export class AccountObject extends DurableObject<ObjectEnv> implements AccountPeer {
  private readonly sql: Sql;
  private readonly clock: Clock = systemClock;

  constructor(ctx: DurableObjectState, env: ObjectEnv) {
    super(ctx, env);
    this.sql = sqlOf(ctx.storage);
  }

  /** Live rows only: a deleted stream past its DELETING phase is dropped here, lazily. */
  private live(now: number): Row[] {
    if (!hasTable(this.ctx.storage, 'streams')) return [];
    this.sql`DELETE FROM streams WHERE gone_at IS NOT NULL AND gone_at <= ${now}`;
    return this.sql<Row>`SELECT * FROM streams ORDER BY name`.toArray();
  }

  /** Checks name and shard limit on counts alone, then has the stream object build its `shardCount` shards. */
  async createStream(p: CreateParams, shardLimit: number, streamLimit = Number.MAX_SAFE_INTEGER): Promise<Result<null>> {
    migrate(this.ctx.storage, accountMigrations);
    const { account } = p.tenant;
    const rows = this.live(p.createdAt);
    if (rows.some((r) => r.name === p.name)) {
      return fail('ResourceInUseException', `Stream ${p.name} under account ${account} already exists.`); // [KL; aws-behaviour §3.1]
    }
    // A tenant's stream quota (verify mode); streams still DELETING count, as their shards do [OURS wording].
    const overStreams = streamLimitError(p.tenant, rows.length, streamLimit);
    if (overStreams) return { ok: false, error: overStreams };
    const open = rows.reduce((n, r) => n + r.open_shards, 0);
    this.rememberShardLimit(shardLimit);
    // The on-demand stream limit first: it is what such a request can never pass, whatever the shard count [OURS order].
    const overOnDemand = p.mode === 'ON_DEMAND' ? onDemandLimitError(account, p.tenant.region, onDemandCount(rows)) : null;
    if (overOnDemand) return { ok: false, error: overOnDemand };
    const overLimit = shardLimitError(p.tenant, open, p.shardCount, shardLimit);
    if (overLimit) return { ok: false, error: overLimit };
    this.sql`INSERT INTO streams (name, created_at, active_at, open_shards, mode) VALUES (${p.name}, ${p.createdAt}, ${p.activeAt}, ${p.shardCount}, ${p.mode})`;
    const created = await this.env.STREAM.getByName(streamObjectName(p.tenant, p.name)).create(p);
    if (!created.ok) this.sql`DELETE FROM streams WHERE name = ${p.name}`;
    return passOn(created);
  }

  /** Any state may be deleted, CREATING included [KL; aws-behaviour §3.2]; deleting twice changes nothing. */
  async deleteStream(tenant: { account: string; region: string }, name: string, now: number, deleteDelayMs: number, enforceConsumerDeletion = false): Promise<Result<null>> {
    const row = this.live(now).find((r) => r.name === name);
    if (!row) return { ok: false, error: streamNotFound(name, tenant.account) };
    if (row.deleting_at !== null) return ok(null);
    const goneAt = now + deleteDelayMs;
    const marked = await this.env.STREAM.getByName(streamObjectName(tenant, name)).markDeleting(now, goneAt, enforceConsumerDeletion);
    if (!marked.ok) return passOn(marked);
    this.sql`UPDATE streams SET deleting_at = ${now}, gone_at = ${goneAt}, open_shards = 0 WHERE name = ${name}`;
    if (hasTable(this.ctx.storage, 'stored_bytes')) this.sql`DELETE FROM stored_bytes WHERE name = ${name}`;
    return ok(null);
  }

  /**
   * A reshard changes a stream's open shard count by `delta`: checked against the account's shard limit when it grows
   * (SplitShard and UpdateShardCount answer CreateStream's LimitExceededException, aws-behaviour §3.12).
   */
  async adjustOpenShards(tenant: { account: string; region: string }, name: string, delta: number, shardLimit?: number): Promise<Result<null>> {
    // On-demand splits come from no request: they are checked against the limit the last request carried.
    if (shardLimit === undefined) shardLimit = this.settingsRow()?.shard_limit ?? Number(DEFAULT_VARS.SHARD_LIMIT);
    else this.rememberShardLimit(shardLimit);
    const rows = this.live(this.clock.now());
    const row = rows.find((r) => r.name === name);
    if (!row || row.deleting_at !== null) return { ok: false, error: streamNotFound(name, tenant.account) };
    if (delta > 0) {
      const open = rows.reduce((n, r) => n + r.open_shards, 0);
      const overLimit = shardLimitError(tenant, open, delta, shardLimit);
      if (overLimit) return { ok: false, error: overLimit };
    }
    this.sql`UPDATE streams SET open_shards = open_shards + ${delta} WHERE name = ${name}`;
    return ok(null);
  }

  /** What the admin API's usage report shows of this account in this region. */
  async usage(): Promise<{ streams: number; openShards: number; storedBytes: number }> {
    const rows = this.live(this.clock.now());
    return { streams: rows.length, openShards: rows.reduce((n, r) => n + r.open_shards, 0), storedBytes: this.storedBytesNow() };
  }

  /**
   * A shard's report of the bytes it stores (data and keys of its records within retention). Taken only from a
   * generation still live here: a report that arrives after its stream's deletion must not count again.
   */
  async noteStoredBytes(name: string, createdAt: number, shardIndex: number, bytes: number): Promise<void> {
    const row = this.live(this.clock.now()).find((r) => r.name === name && r.created_at === createdAt && r.deleting_at === null);
    if (!row) return;
    migrate(this.ctx.storage, accountMigrations); // an account made before stored bytes were counted
    this.sql`INSERT INTO stored_bytes (name, created_at, shard_index, bytes) VALUES (${name}, ${createdAt}, ${shardIndex}, ${bytes})
             ON CONFLICT (name, created_at, shard_index) DO UPDATE SET bytes = excluded.bytes`;
  }

  /** Bytes stored by every live stream of this account and region, as their shards last reported. */
  async storedBytes(): Promise<number> {
    return this.storedBytesNow();
  }

  private storedBytesNow(): number {
    if (!hasTable(this.ctx.storage, 'stored_bytes')) return 0;
    return this.sql<{ total: number }>`SELECT COALESCE(SUM(b.bytes), 0) AS total FROM stored_bytes b
      JOIN streams s ON s.name = b.name AND s.created_at = b.created_at WHERE s.deleting_at IS NULL`.one().total;
  }

  /** Live streams in byte order of name, after an exclusive start name [KL; aws-behaviour §3.4]. */
  async listStreams(exclusiveStart: string | undefined, limit: number): Promise<{ streams: StreamSummary[]; hasMore: boolean }> {
    const now = this.clock.now();
    const rows = this.live(now).filter((r) => exclusiveStart === undefined || r.name > exclusiveStart);
    const page = rows.slice(0, limit).map((r) => ({ name: r.name, createdAt: r.created_at, status: status(r, now) as StreamSummary['status'], mode: r.mode }));
    return { streams: page, hasMore: rows.length > limit };
  }

  // ---- capacity: modes, limits and account settings (DescribeLimits, Describe/UpdateAccountSettings, UpdateStreamMode)

  private settingsRow(): SettingsRow | undefined {
    if (!hasTable(this.ctx.storage, 'settings')) return undefined;
    return this.sql<SettingsRow>`SELECT * FROM settings`.toArray()[0];
  }

  /** Creates the settings row on first write; a read of an account never written creates no storage. */
  private writableSettings(): void {
    migrate(this.ctx.storage, accountMigrations);
    this.sql`INSERT OR IGNORE INTO settings (id) VALUES (1)`;
  }

  private rememberShardLimit(shardLimit: number): void {
    if (this.settingsRow()?.shard_limit === shardLimit) return;
    this.writableSettings();
    this.sql`UPDATE settings SET shard_limit = ${shardLimit}`;
  }

  /** DescribeLimits' counts: open shards of live streams, and on-demand streams not being deleted. */
  async limits(shardLimit: number): Promise<{ shardLimit: number; openShards: number; onDemandStreams: number; onDemandStreamLimit: number }> {
    const rows = this.live(this.clock.now());
    return {
      shardLimit,
      openShards: rows.reduce((n, r) => n + r.open_shards, 0),
      onDemandStreams: onDemandCount(rows),
      onDemandStreamLimit: ON_DEMAND_STREAM_LIMIT,
    };
  }

  /** The minimum throughput billing commitment as stored (all null when never enabled). */
  async commitment(): Promise<Commitment> {
    const row = this.settingsRow();
    return { startedAt: row?.commitment_started_at ?? null, earliestEndAt: row?.commitment_earliest_end_at ?? null, endedAt: row?.commitment_ended_at ?? null };
  }

  /** UpdateAccountSettings: the commitment's next state computed and stored in one step (model/capacity.ts). */
  async updateCommitment(want: 'ENABLED' | 'DISABLED', now: number): Promise<Commitment> {
    const c = updateCommitment(await this.commitment(), want, now);
    this.writableSettings();
    this.sql`UPDATE settings SET commitment_started_at = ${c.startedAt}, commitment_earliest_end_at = ${c.earliestEndAt}, commitment_ended_at = ${c.endedAt}`;
    return this.commitment();
  }

  /**
   * UpdateStreamMode, asked by the stream object once its own rules passed: the account's on-demand stream limit,
   * then the mode of the stream's row (ListStreams shows it from here).
   */
  async setStreamMode(tenant: { account: string; region: string }, name: string, mode: StreamMode): Promise<Result<null>> {
    const rows = this.live(this.clock.now());
    const row = rows.find((r) => r.name === name);
    if (!row || row.deleting_at !== null) return { ok: false, error: streamNotFound(name, tenant.account) };
    if (row.mode === mode) return ok(null);
    const over = mode === 'ON_DEMAND' ? onDemandLimitError(tenant.account, tenant.region, onDemandCount(rows)) : null;
    if (over) return { ok: false, error: over };
    this.sql`UPDATE streams SET mode = ${mode} WHERE name = ${name}`;
    return ok(null);
  }
}

const onDemandCount = (rows: Row[]) => rows.filter((r) => r.mode === 'ON_DEMAND' && r.deleting_at === null).length;
