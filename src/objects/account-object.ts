// AccountObject: the stream registry of one account in one region: names, lifecycle timestamps, open shard counts.
// Enforces the account's shard limit and name uniqueness; the account+region prefix is where tenants plug in.
// Must not hold stream details: those live in each StreamObject.
import { DurableObject } from 'cloudflare:workers';
import { fail, ok, passOn, type Result } from '../protocol/errors';
import { shardLimitError, streamNotFound } from '../model/stream-rules';
import { streamLimitError } from '../model/tenant';
import { streamStatus } from '../model/status';
import { systemClock, type Clock } from '../model/clock';
import { accountMigrations } from './migrations';
import { streamObjectName } from './names';
import { hasTable, migrate, sqlOf, type Sql } from './sql';
import type { CreateParams, StreamSummary } from '../model/stream';
import type { AccountPeer, ObjectEnv } from './rpc';

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
    return ok(null);
  }

  /**
   * A reshard changes a stream's open shard count by `delta`: checked against the account's shard limit when it grows
   * (SplitShard and UpdateShardCount answer CreateStream's LimitExceededException, aws-behaviour §3.12).
   */
  async adjustOpenShards(tenant: { account: string; region: string }, name: string, delta: number, shardLimit: number): Promise<Result<null>> {
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
  async usage(): Promise<{ streams: number; openShards: number }> {
    const rows = this.live(this.clock.now());
    return { streams: rows.length, openShards: rows.reduce((n, r) => n + r.open_shards, 0) };
  }

  /** Live streams in byte order of name, after an exclusive start name [KL; aws-behaviour §3.4]. */
  async listStreams(exclusiveStart: string | undefined, limit: number): Promise<{ streams: StreamSummary[]; hasMore: boolean }> {
    const now = this.clock.now();
    const rows = this.live(now).filter((r) => exclusiveStart === undefined || r.name > exclusiveStart);
    const page = rows.slice(0, limit).map((r) => ({ name: r.name, createdAt: r.created_at, status: status(r, now) as StreamSummary['status'], mode: r.mode }));
    return { streams: page, hasMore: rows.length > limit };
  }
}
