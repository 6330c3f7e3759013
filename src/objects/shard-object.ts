// ShardObject: one shard's records and its sequence counter, the only sequencer of that shard.
// Assigns sequence numbers and inserts them in one synchronous transaction (no await in the write path);
// trims by retention in an idempotent alarm. Must not know about streams beyond what callers pass in, and what its
// stream object answers the one time the shard registers (on first use, before it stores anything).
import { DurableObject } from 'cloudflare:workers';
import { fail, ok, type Result } from '../protocol/errors';
import { shardNotFound, streamNotFound } from '../model/stream-rules';
import { formatSequenceNumber } from '../model/sequence-number';
import { formatShardId } from '../model/shard-id';
import { systemClock, type Clock } from '../model/clock';
import {
  HOUR_MS, MAX_GET_RECORDS_BYTES, ON_DEMAND_SPLIT_BYTES_PER_SEC, ON_DEMAND_SPLIT_RECORDS_PER_SEC, ON_DEMAND_SPLIT_SUSTAINED_SECONDS, SHARD_READ_BYTES_PER_SEC,
  SHARD_READ_CALLS_PER_SEC, SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC, STORED_BYTES_REPORT_MS, SUBSCRIBE_GATE_MAX_ENTRIES, SUBSCRIBE_INTERVAL_MS,
} from '../limits';
import { admitWrites, IntervalGate, ReadBudget, readThrottledMessage, subscribeThrottledMessage, utf8Length } from '../model/throttle';
import type { ChildShardInfo, PutEntry, PutResult, RecordsPage, ShardClosing, ShardRef, StartPosition, StoredRecord } from '../model/shard';
import { shardMigrations } from './migrations';
import { hasTable, migrate, sqlOf, type Sql } from './sql';
import { accountObjectName, streamObjectName } from './names';
import type { ObjectEnv, ShardPeer } from './rpc';
import { insertRecords, readRecords, storedBytesAfter, storedBytesBefore, trimRecords, type NewRow } from './record-rows';
import { Subscribers } from './subscribers';
import { WriteMeter } from './write-meter';
import type { Wire } from '../protocol/target';

interface Meta extends Record<string, SqlStorageValue> {
  stream_name: string;
  shard_index: number;
  shard_created_at: number;
  retention_hours: number;
  last_counter: number;
  last_arrival: number;
  gone_at: number | null;
  /** Set by resharding: from then on no writes; readers who reach the end get `children` (JSON ChildShardInfo[]). */
  closed_at: number | null;
  children: string | null;
  /** Bytes of data and keys of the records up to `stored_through` (the rest are summed on waking). */
  stored_bytes: number;
  stored_through: number;
  /** Whose account object stored bytes are reported to: set by the first put (null on shards from before). */
  account: string | null;
  region: string | null;
  stream_created_at: number | null;
}

function shardGone(ref: { account: string; streamName: string; shardIndex: number }): Result<never> {
  return { ok: false, error: shardNotFound(ref.streamName, ref.account, formatShardId(ref.shardIndex)) };
}

export class ShardObject extends DurableObject<ObjectEnv> implements ShardPeer {
  private readonly sql: Sql;
  private readonly clock: Clock = systemClock;
  private meta: Meta | undefined;
  /** Whether a trim alarm is pending, so puts skip the storage round trip once one is (undefined: not known yet). */
  private trimScheduled: boolean | undefined;
  /** The registration in flight, shared by every call that arrives before it is answered. */
  private opening: Promise<Meta | undefined> | undefined;
  /** Live SubscribeToShard readers, woken after each put (subscribers.ts). */
  private readonly subscribers = new Subscribers();
  /** This shard's write rate: a sustained rate above the on-demand split rate asks the stream to split it. */
  private readonly meter = new WriteMeter(ON_DEMAND_SPLIT_SUSTAINED_SECONDS);
  /** Bytes of data and keys this shard stores now, and when they were last reported to the account object. */
  private storedBytes = 0;
  private reportedAt = -Infinity;
  private reportTimer: ReturnType<typeof setTimeout> | undefined;
  /** THROTTLE=aws, all in memory (an evicted object starts a fresh second): what this second's writes took (a meter of
   *  its own, as the split meter above starts over after asking), the GetRecords budget every reader of this shard
   *  shares, and each consumer's last SubscribeToShard. */
  private readonly writeWindow = new WriteMeter(0);
  private readonly readBudget = new ReadBudget({ callsPerSec: SHARD_READ_CALLS_PER_SEC, bytesPerSec: SHARD_READ_BYTES_PER_SEC });
  private readonly subscribeGate = new IntervalGate(SUBSCRIBE_INTERVAL_MS, SUBSCRIBE_GATE_MAX_ENTRIES);

  constructor(ctx: DurableObjectState, env: ObjectEnv) {
    super(ctx, env);
    this.sql = sqlOf(ctx.storage);
    if (hasTable(ctx.storage, 'meta')) {
      migrate(ctx.storage, shardMigrations);
      this.meta = this.sql<Meta>`SELECT * FROM meta`.toArray()[0];
      // Puts do not rewrite the meta row (one statement less per put); the newest record is the truth, and the
      // trim alarm saves the counter before it deletes, so a fully trimmed shard still never reuses a number.
      // Arrival never decreases with the counter, so the newest row by primary key has both maxima (no scan).
      const tip = this.sql<{ counter: number; arrival: number }>`SELECT counter, arrival FROM records ORDER BY counter DESC LIMIT 1`.toArray()[0];
      if (this.meta && tip) {
        this.meta.last_counter = Math.max(this.meta.last_counter, tip.counter);
        this.meta.last_arrival = Math.max(this.meta.last_arrival, tip.arrival);
      }
      // Only the records since the last report are summed: at most about STORED_BYTES_REPORT_MS of puts.
      if (this.meta) this.storedBytes = this.meta.stored_bytes + storedBytesAfter(ctx.storage, this.meta.stored_through);
    }
  }

  /**
   * The meta row; on first use, created after registering with the stream object, whose answer sets retention and
   * deletion (a caller's cached view may be stale on both). The row is the mark that registration happened, so it
   * happens once per shard ever. Undefined when the stream answers that this generation is gone for good: then
   * nothing is stored, and nobody would ever purge it.
   */
  private open(ref: ShardRef): Meta | Promise<Meta | undefined> {
    if (this.meta) return this.meta;
    this.opening ??= this.register(ref).finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async register(ref: ShardRef): Promise<Meta | undefined> {
    const stream = this.env.STREAM.getByName(streamObjectName({ account: ref.account, region: ref.region }, ref.streamName));
    const welcome = await stream.shardOpened(ref.streamCreatedAt, ref.shardIndex);
    if (!welcome.open) return undefined;
    // A reshard may have closed this shard while the answer was on its way (close() sets the shard up itself).
    if (this.meta) return this.meta;
    this.createMeta(ref.streamName, ref.shardIndex, ref.shardCreatedAt, welcome.retentionHours, welcome.goneAt, welcome.closedAt, welcome.children);
    this.rememberOwner(ref);
    return this.meta;
  }

  private createMeta(
    streamName: string, index: number, createdAt: number, retentionHours: number, goneAt: number | null, closedAt: number | null, children: ChildShardInfo[],
  ): Meta {
    migrate(this.ctx.storage, shardMigrations);
    const childrenJson = closedAt === null ? null : JSON.stringify(children);
    this.sql`INSERT INTO meta (id, stream_name, shard_index, shard_created_at, retention_hours, last_counter, last_arrival, gone_at, closed_at, children)
             VALUES (1, ${streamName}, ${index}, ${createdAt}, ${retentionHours}, 0, 0, ${goneAt}, ${closedAt}, ${childrenJson})`;
    this.meta = this.sql<Meta>`SELECT * FROM meta`.one();
    return this.meta;
  }

  /** Whom stored bytes are reported to; kept once (shards made before this was kept learn it from their next put). */
  private rememberOwner(ref: ShardRef): void {
    const meta = this.meta!;
    if (meta.account !== null) return;
    this.sql`UPDATE meta SET account = ${ref.account}, region = ${ref.region}, stream_created_at = ${ref.streamCreatedAt}`;
    meta.account = ref.account;
    meta.region = ref.region;
    meta.stream_created_at = ref.streamCreatedAt;
  }

  /** The meta row of a registered shard: calls from the stream object may overtake the registration's answer. */
  private async registered(): Promise<Meta | undefined> {
    return this.meta ?? (await this.opening);
  }

  private setRetentionNow(hours: number): void {
    this.sql`UPDATE meta SET retention_hours = ${hours}`;
    this.meta!.retention_hours = hours;
  }

  private cutoff(now: number): number {
    return now - this.meta!.retention_hours * HOUR_MS;
  }

  /** Appends records in order; every sequence number is strictly greater than the last. `kms`: the stream was
   *  encrypted as the caller saw it, so these records read back with EncryptionType KMS. `throttle` (THROTTLE=aws):
   *  records over this second's write rate are not stored and their positions come back in `throttled`. */
  async put(ref: ShardRef, entries: PutEntry[], kms = false, throttle = false): Promise<PutResult> {
    const meta = this.meta ?? (await this.open(ref));
    // The stream was deleted: a put to a DELETING stream is "not found" [KL; aws-behaviour §3.0].
    if (!meta || meta.gone_at !== null) return { ok: false, error: streamNotFound(ref.streamName, ref.account) };
    // Closed by a reshard: the caller routed by an older shard map. Checked with no await before the insert, so
    // nothing is written here after close() has answered.
    if (meta.closed_at !== null) return { ok: false, closed: true };
    // Arrival times never go backwards, even if the wall clock does, so arrival order = sequence order.
    const arrival = Math.max(this.clock.now(), meta.last_arrival);
    // Decided with no await before the insert (and counted right after it), so concurrent puts cannot both take the
    // last of a second.
    // Each record's size once (data and UTF-8 key, as AWS's shard limits count): for throttling, the on-demand split
    // meter and the stored-bytes count alike.
    let sizes = entries.map((e) => e.data.byteLength + utf8Length(e.partitionKey));
    const throttled: number[] = [];
    if (throttle) {
      const admitted = admitWrites(this.writeWindow.current(arrival), sizes, { bytesPerSec: SHARD_WRITE_BYTES_PER_SEC, recordsPerSec: SHARD_WRITE_RECORDS_PER_SEC });
      admitted.forEach((yes, i) => yes || throttled.push(i));
      if (throttled.length > 0) {
        entries = entries.filter((_, i) => admitted[i]);
        sizes = sizes.filter((_, i) => admitted[i]);
      }
      if (entries.length === 0) return { ok: true, value: [], throttled };
    }
    const recordAtSec = Math.floor(arrival / 1000);
    const shardCreatedAtSec = Math.floor(meta.shard_created_at / 1000);
    const sequenceNumbers: string[] = new Array(entries.length);
    const first = meta.last_counter + 1;
    const rows: NewRow[] = new Array(entries.length);
    let bytes = 0;
    for (let i = 0; i < entries.length; i++) {
      bytes += sizes[i];
      const counter = first + i;
      const seq = formatSequenceNumber({ shardCreatedAtSec, shardIndex: meta.shard_index, counter: BigInt(counter), recordAtSec });
      sequenceNumbers[i] = seq;
      rows[i] = { counter, seq, arrival, partitionKey: entries[i].partitionKey, data: entries[i].data, kms };
    }
    // One explicit transaction: should any insert throw, none of the batch stays behind, so the counter in memory
    // and the rows stored never disagree (a partial batch would make the next put reuse counters).
    this.ctx.storage.transactionSync(() => insertRecords(this.ctx.storage, rows));
    // Counted once stored (still with no await since the decision): a failed insert takes nothing from the second.
    if (throttle) this.writeWindow.add(arrival, bytes, entries.length);
    meta.last_counter = first + entries.length - 1;
    meta.last_arrival = arrival;
    this.subscribers.notify();
    this.measure(ref, arrival, bytes, entries.length);
    this.storedBytes += bytes;
    if (meta.account === null) this.rememberOwner(ref);
    this.noteStored();
    if (this.trimScheduled !== true) await this.ensureTrimAlarm();
    return throttled.length > 0 ? { ok: true, value: sequenceNumbers, throttled } : ok(sequenceNumbers);
  }

  /**
   * Counts a put's bytes (data and partition keys, as AWS's shard limits do) and records. Hot for a sustained window:
   * the stream object decides (on-demand streams only) and splits this shard, closing it; not awaited, so the put
   * answers at once. The meter starts over, so a shard asks at most once per window.
   */
  private measure(ref: ShardRef, now: number, bytes: number, records: number): void {
    this.meter.add(now, bytes, records);
    if (!this.meter.sustainedAbove(now, ON_DEMAND_SPLIT_BYTES_PER_SEC, ON_DEMAND_SPLIT_RECORDS_PER_SEC)) return;
    this.meter.reset();
    const stream = this.env.STREAM.getByName(streamObjectName({ account: ref.account, region: ref.region }, ref.streamName));
    this.ctx.waitUntil(stream.autoSplit(ref.streamCreatedAt, ref.shardIndex).then(() => undefined, () => undefined));
  }

  /**
   * Reports the bytes stored to the account object (tenants' stored-bytes quota and usage): at once when the last
   * report is STORED_BYTES_REPORT_MS old, else once that long after it, so the last put is always reported.
   */
  private noteStored(): void {
    if (this.reportTimer !== undefined) return;
    const wait = this.reportedAt + STORED_BYTES_REPORT_MS - this.clock.now();
    if (wait <= 0) return this.reportStored();
    this.reportTimer = setTimeout(() => {
      this.reportTimer = undefined;
      this.reportStored();
    }, wait);
  }

  /** Saves the count with the counter it covers (so waking sums only newer records) and sends it; not awaited. */
  private reportStored(): void {
    const meta = this.meta;
    if (!meta || meta.account === null || meta.region === null || meta.stream_created_at === null || meta.gone_at !== null) return;
    this.reportedAt = this.clock.now();
    this.sql`UPDATE meta SET stored_bytes = ${this.storedBytes}, stored_through = ${meta.last_counter}`;
    meta.stored_bytes = this.storedBytes;
    meta.stored_through = meta.last_counter;
    const account = this.env.ACCOUNT.getByName(accountObjectName({ account: meta.account, region: meta.region }));
    this.ctx.waitUntil(account.noteStoredBytes(meta.stream_name, meta.stream_created_at, meta.shard_index, this.storedBytes).catch(() => undefined));
  }

  /** Resolves a starting position to "records after this counter", as a shard iterator carries it. */
  async position(ref: ShardRef, start: StartPosition): Promise<Result<number>> {
    const meta = await this.open(ref);
    if (!meta) return shardGone(ref);
    switch (start.type) {
      case 'LATEST':
        return ok(meta.last_counter);
      case 'TRIM_HORIZON':
        return ok(0);
      case 'AFTER_COUNTER':
        // A closed shard's EndingSequenceNumber carries the largest counter: it positions at the shard's end.
        return ok(meta.closed_at !== null ? Math.min(start.counter, meta.last_counter) : start.counter);
      case 'AT_TIMESTAMP': {
        // The first record at or after the time; past the tip, the tip (docs: GetShardIterator AT_TIMESTAMP).
        const row = this.sql<{ counter: number }>`SELECT counter FROM records WHERE arrival >= ${Math.max(start.timestamp, this.cutoff(this.clock.now()))} ORDER BY counter LIMIT 1`.toArray()[0];
        return ok(row ? row.counter - 1 : meta.last_counter);
      }
    }
  }

  /** Up to `limit` records after `afterCounter`, within retention and the 10 MiB reply cap (always at least one).
   *  `throttle` (THROTTLE=aws; GetRecords, not channel delivery): the call counts against the shard's read rate. */
  async getRecords(ref: { account: string; streamName: string; shardIndex: number }, afterCounter: number, limit: number, throttle = false): Promise<Result<RecordsPage>> {
    const meta = this.meta;
    const now = this.clock.now();
    if (!meta || (meta.gone_at !== null && now >= meta.gone_at)) return shardGone(ref);
    if (throttle && !this.readBudget.admit(now)) {
      return fail('ProvisionedThroughputExceededException', readThrottledMessage(ref.account, ref.streamName, ref.shardIndex));
    }
    const rows = readRecords(this.ctx.storage, afterCounter, this.cutoff(now), limit, MAX_GET_RECORDS_BYTES);
    if (throttle) {
      let bytes = 0;
      for (const r of rows) bytes += r.data.byteLength + utf8Length(r.partitionKey);
      this.readBudget.spend(now, bytes);
    }
    const records: StoredRecord[] = rows.map((r) => ({ sequenceNumber: r.seq, arrival: r.arrival, partitionKey: r.partitionKey, data: r.data, ...(r.kms ? { kms: true } : {}) }));
    const lastCounter = rows.length > 0 ? rows[rows.length - 1].counter : afterCounter;
    const caughtUp = lastCounter >= meta.last_counter;
    // Behind by the age of the newest record returned while more remain; 0 at the tip (docs: MillisBehindLatest).
    const millisBehindLatest = caughtUp || records.length === 0 ? 0 : Math.max(0, now - records[records.length - 1].arrival);
    const childShards = this.endOfShard(lastCounter);
    return ok(childShards ? { records, lastCounter, millisBehindLatest, childShards } : { records, lastCounter, millisBehindLatest });
  }

  /**
   * The shard's children once a reader positioned after `afterCounter` has read everything this shard will ever
   * hold: null while the shard is open or records remain.
   */
  protected endOfShard(afterCounter: number): ChildShardInfo[] | null {
    const meta = this.meta;
    if (!meta || meta.closed_at === null || afterCounter < meta.last_counter) return null;
    return JSON.parse(meta.children ?? '[]') as ChildShardInfo[];
  }

  /**
   * A reshard closes this shard: from this call's answer on, puts are refused (the caller re-routes to the children)
   * and a reader at the end gets the children. A shard whose registration is still on its way is set up here.
   */
  async close(c: ShardClosing): Promise<Result<null>> {
    const meta = this.meta;
    if (!meta) {
      this.createMeta(c.streamName, c.shardIndex, c.shardCreatedAt, c.retentionHours, null, c.closedAt, c.children);
    } else if (meta.closed_at === null) {
      const children = JSON.stringify(c.children);
      this.sql`UPDATE meta SET closed_at = ${c.closedAt}, children = ${children}`;
      meta.closed_at = c.closedAt;
      meta.children = children;
    }
    // Subscribers waiting at the tip learn at once that the shard ended (their last event carries the children).
    this.subscribers.notify();
    return ok(null);
  }

  /** SubscribeToShard: this shard's records from `start` as a live event stream for one consumer (subscribers.ts).
   *  `throttle` (THROTTLE=aws): one call per second per consumer on this shard, checked before anything else, and
   *  the stream paced to enhanced fan-out's 2 MiB per second. */
  async subscribe(ref: ShardRef, consumerArn: string, start: StartPosition, wire: Wire, throttle = false): Promise<Result<ReadableStream<Uint8Array>>> {
    if (throttle && !this.subscribeGate.admit(consumerArn, this.clock.now())) {
      return fail('LimitExceededException', subscribeThrottledMessage(consumerArn, ref.shardIndex));
    }
    const position = await this.position(ref, start);
    if (!position.ok) return position;
    return this.subscribers.open(consumerArn, this.clock.now(), position.value, wire, {
      storage: this.ctx.storage,
      now: () => this.clock.now(),
      tip: () => {
        const m = this.meta;
        const now = this.clock.now();
        if (!m || (m.gone_at !== null && now >= m.gone_at)) return null;
        return { lastCounter: m.last_counter, cutoff: this.cutoff(now), shardCreatedAtSec: Math.floor(m.shard_created_at / 1000), shardIndex: m.shard_index };
      },
      endOfShard: (after) => this.endOfShard(after),
    }, throttle);
  }

  /** The stream's retention changed. A shard never opened has nothing to trim: it learns the period when it opens. */
  async setRetention(hours: number): Promise<Result<null>> {
    const meta = await this.registered();
    if (!meta) return ok(null);
    if (meta.retention_hours !== hours) this.setRetentionNow(hours);
    // A shorter retention must trim sooner than the pending alarm would.
    await this.ctx.storage.deleteAlarm();
    this.trimScheduled = false;
    await this.ensureTrimAlarm();
    return ok(null);
  }

  /** The stream is being deleted: no more writes now, no more reads from goneAt; destroy() follows at goneAt.
   *  A shard never opened stores nothing here: if it opens later, the stream object's answer says it is deleted. */
  async markDeleted(goneAt: number): Promise<Result<null>> {
    const meta = await this.registered();
    if (meta && meta.gone_at === null) {
      this.sql`UPDATE meta SET gone_at = ${goneAt}`;
      meta.gone_at = goneAt;
    }
    return ok(null);
  }

  /** Drops everything: the stream was deleted. */
  async destroy(): Promise<Result<null>> {
    // Registered but never stored (or listed by the migration of an older stream): nothing to drop, nothing to create.
    if (!this.meta && !hasTable(this.ctx.storage, '_migrations')) return ok(null);
    this.meta = undefined;
    this.trimScheduled = false;
    this.storedBytes = 0;
    clearTimeout(this.reportTimer);
    this.reportTimer = undefined;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    return ok(null);
  }

  private async ensureTrimAlarm(): Promise<void> {
    if (this.trimScheduled === undefined && (await this.ctx.storage.getAlarm()) !== null) this.trimScheduled = true;
    if (this.trimScheduled) return;
    const oldest = this.sql<{ arrival: number }>`SELECT arrival FROM records ORDER BY counter LIMIT 1`.toArray()[0];
    if (!oldest) return;
    this.trimScheduled = true;
    await this.ctx.storage.setAlarm(oldest.arrival + this.meta!.retention_hours * HOUR_MS);
  }

  /** Deletes records past retention, then wakes again when the next oldest expires. Idempotent. */
  override async alarm(): Promise<void> {
    this.trimScheduled = false;
    if (!this.meta) return;
    // Save the tip first: once every record is trimmed, this row is all that keeps the counter going up.
    this.sql`UPDATE meta SET last_counter = ${this.meta.last_counter}, last_arrival = ${this.meta.last_arrival}`;
    const cutoff = this.cutoff(this.clock.now());
    const trimmed = storedBytesBefore(this.ctx.storage, cutoff);
    trimRecords(this.ctx.storage, cutoff);
    if (trimmed > 0) {
      this.storedBytes -= trimmed;
      this.reportStored();
    }
    await this.ensureTrimAlarm();
  }
}
