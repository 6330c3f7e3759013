// ChannelObject: the channels of one account in one region, and their delivery into R2.
// One object per account+region, not per channel: ListChannels pages over every channel and names must be unique
// per account and region, which one table answers in one call; an account has few channels (MAX_CHANNELS_PER_ACCOUNT).
// Status is derived from stored timestamps (model/channel). An alarm, due every CHANNEL_DELIVERY_INTERVAL_MS while a
// channel exists, reads each ACTIVE channel's source shards from its checkpoints (parents before children, so a
// partition key's records are delivered in order across resharding) and writes one object per shard and round.
// Exactly once: the checkpoint advances only after the object is written, and an object's key is the shard and
// first sequence number of its batch, so a round retried after a crash rewrites the same key (with the same records
// first, maybe more after), never a second copy. Must not answer operations' wire shapes (operations/channels.ts).
import { DurableObject } from 'cloudflare:workers';
import { fail, ok, type Result } from '../protocol/errors';
import { systemClock, type Clock } from '../model/clock';
import { formatShardId } from '../model/shard-id';
import {
  batchBody, channelExists, channelNotActive, channelNotFound, channelStatus, deadLetterBody, deadLetterKey, deliveryKey, refusal,
  type ChannelConfig, type ChannelInfo, type DeliveredRecord,
} from '../model/channel';
import { CHANNEL_BATCH_RECORDS, CHANNEL_DELIVERY_INTERVAL_MS, CHANNEL_FRESHNESS_MAX_S, MAX_CHANNELS_PER_ACCOUNT } from '../limits';
import { oneChannelPerKind } from '../model/channel-rules';
import { channelMigrations } from './migrations';
import { hasTable, migrate, sqlOf, type Sql } from './sql';
import { shardObjectName, streamObjectName } from './names';
import type { ChannelEnv } from './rpc';
import type { ShardInfo } from '../model/stream';

type ChannelRow = { [k: string]: SqlStorageValue } & {
  name: string; id: string; account: string; region: string; created_at: number; active_at: number; updating_until: number | null;
  deleting_at: number | null; gone_at: number | null; failed_reason: string | null; config: string;
};
type CheckpointRow = { [k: string]: SqlStorageValue } & { shard_index: number; after_counter: number; done: number };

/** What UpdateChannel may change: DataFreshnessInSeconds and the logging configuration. */
export interface ChannelPatch {
  freshnessSeconds?: number;
  logging?: ChannelConfig['logging'];
}

const toInfo = (r: ChannelRow): ChannelInfo => ({
  account: r.account, region: r.region, name: r.name, id: r.id, createdAt: r.created_at, activeAt: r.active_at,
  updatingUntil: r.updating_until, deletingAt: r.deleting_at, goneAt: r.gone_at, failedReason: r.failed_reason,
  config: JSON.parse(r.config) as ChannelConfig,
});

export class ChannelObject extends DurableObject<ChannelEnv> {
  private readonly sql: Sql;
  private readonly clock: Clock = systemClock;
  /**
   * How long after this round the next one comes: CHANNEL_DELIVERY_INTERVAL_MS after a round that read
   * anything, doubled after each round that read nothing, up to the least DataFreshnessInSeconds of the
   * channels (AWS's longest wait for a record), so an idle account's alarm fires rarely. In memory: an object
   * started again begins at the shortest interval, which only costs a few more rounds.
   */
  private idleIntervalMs = CHANNEL_DELIVERY_INTERVAL_MS;

  constructor(ctx: DurableObjectState, env: ChannelEnv) {
    super(ctx, env);
    this.sql = sqlOf(ctx.storage);
    if (hasTable(ctx.storage, 'channels')) migrate(ctx.storage, channelMigrations);
  }

  private rows(): ChannelRow[] {
    if (!hasTable(this.ctx.storage, 'channels')) return [];
    return this.sql<ChannelRow>`SELECT * FROM channels ORDER BY name`.toArray();
  }

  private row(name: string): ChannelRow | undefined {
    if (!hasTable(this.ctx.storage, 'channels')) return undefined;
    return this.sql<ChannelRow>`SELECT * FROM channels WHERE name = ${name}`.toArray()[0];
  }

  /** The channel if it exists (any status but gone). */
  private live(name: string, now: number): ChannelInfo | undefined {
    const r = this.row(name);
    if (!r) return undefined;
    const info = toInfo(r);
    return channelStatus(info, now) === 'GONE' ? undefined : info;
  }

  async create(info: ChannelInfo): Promise<Result<ChannelInfo>> {
    migrate(this.ctx.storage, channelMigrations);
    const now = info.createdAt;
    if (this.live(info.name, now)) return { ok: false, error: channelExists(info.name, info.account) };
    const existing = this.rows().map(toInfo).filter((c) => channelStatus(c, now) !== 'GONE');
    // Our own bound (limits.ts); AWS's channel quota is not published.
    if (existing.length >= MAX_CHANNELS_PER_ACCOUNT) return fail('LimitExceededException', `This account cannot have more than ${MAX_CHANNELS_PER_ACCOUNT} channels in a region.`);
    // One channel of each destination type per stream (AWS's quota); a DELETING one no longer delivers [OURS].
    const sameKind = existing.some((c) => channelStatus(c, now) !== 'DELETING' && c.config.destinationType === info.config.destinationType
      && c.config.streamArn === info.config.streamArn && c.config.streamCreatedAt === info.config.streamCreatedAt);
    if (sameKind) return fail('LimitExceededException', oneChannelPerKind(info.config.streamName, info.account, info.config.destinationType));
    const config = JSON.stringify(info.config);
    this.ctx.storage.transactionSync(() => {
      // A gone channel of the same name leaves only its row: the new one replaces it, checkpoints and all.
      const old = this.row(info.name);
      if (old) this.sql`DELETE FROM checkpoints WHERE channel_id = ${old.id}`;
      this.sql`INSERT OR REPLACE INTO channels (name, id, account, region, created_at, active_at, updating_until, deleting_at, gone_at, failed_reason, config)
               VALUES (${info.name}, ${info.id}, ${info.account}, ${info.region}, ${info.createdAt}, ${info.activeAt}, NULL, NULL, NULL, ${info.failedReason}, ${config})`;
    });
    // A new channel delivers from the moment it is ACTIVE, whatever interval an idle account's alarm has reached.
    this.idleIntervalMs = CHANNEL_DELIVERY_INTERVAL_MS;
    await this.alarmBy(Math.max(info.activeAt, this.clock.now() + CHANNEL_DELIVERY_INTERVAL_MS));
    return ok(info);
  }

  async describe(name: string, account: string, now: number): Promise<Result<ChannelInfo>> {
    const info = this.live(name, now);
    return info ? ok(info) : { ok: false, error: channelNotFound(name, account) };
  }

  /** Channels by name after `after`, optionally only those reading `streamArn` (and that generation of it). */
  async list(after: string | undefined, limit: number, now: number, filter?: { streamArn: string; createdAtSec?: number }[]): Promise<{ channels: ChannelInfo[]; hasMore: boolean }> {
    const out: ChannelInfo[] = [];
    for (const r of this.rows()) {
      if (after !== undefined && r.name <= after) continue;
      const info = toInfo(r);
      if (channelStatus(info, now) === 'GONE') continue;
      if (filter && filter.length > 0 && !filter.some((f) => f.streamArn === info.config.streamArn
        && (f.createdAtSec === undefined || f.createdAtSec === Math.floor(info.config.streamCreatedAt / 1000)))) continue;
      if (out.length === limit) return { channels: out, hasMore: true };
      out.push(info);
    }
    return { channels: out, hasMore: false };
  }

  async update(name: string, account: string, now: number, updateMs: number, patch: ChannelPatch): Promise<Result<ChannelInfo>> {
    const info = this.live(name, now);
    if (!info) return { ok: false, error: channelNotFound(name, account) };
    const status = channelStatus(info, now);
    if (status !== 'ACTIVE') return { ok: false, error: channelNotActive(name, account, status) };
    const config = { ...info.config, destination: { ...info.config.destination } };
    if (patch.freshnessSeconds !== undefined) config.destination.DataFreshnessInSeconds = patch.freshnessSeconds;
    if (patch.logging !== undefined) config.logging = patch.logging;
    const json = JSON.stringify(config);
    this.sql`UPDATE channels SET config = ${json}, updating_until = ${now + updateMs} WHERE name = ${name}`;
    // A shorter DataFreshnessInSeconds may lower the longest interval: start the back-off again.
    this.idleIntervalMs = CHANNEL_DELIVERY_INTERVAL_MS;
    await this.alarmBy(this.clock.now() + CHANNEL_DELIVERY_INTERVAL_MS);
    return ok(toInfo(this.row(name)!));
  }

  async delete(name: string, account: string, now: number, deleteMs: number): Promise<Result<ChannelInfo>> {
    const info = this.live(name, now);
    if (!info) return { ok: false, error: channelNotFound(name, account) };
    const status = channelStatus(info, now);
    // A channel being created, updated or deleted is busy; an ACTIVE or FAILED one can be deleted [OURS: AWS's
    // rule is not published; FAILED channels must be deletable or they would stay forever].
    if (status !== 'ACTIVE' && status !== 'FAILED') return { ok: false, error: channelNotActive(name, account, status) };
    this.ctx.storage.transactionSync(() => {
      this.sql`UPDATE channels SET deleting_at = ${now}, gone_at = ${now + deleteMs} WHERE name = ${name}`;
      // Delivery stops at once; what was delivered stays in the bucket (AWS leaves a destination's objects alone).
      this.sql`DELETE FROM checkpoints WHERE channel_id = ${info.id}`;
    });
    return ok(toInfo(this.row(name)!));
  }

  /**
   * How many channels read this stream generation: `all` in any status until gone (DescribeStreamSummary's
   * ChannelCount: a DELETING channel is still associated with its stream until it is gone [OURS]), and `blocking`,
   * those that refuse DeleteStream: all but DELETING ones, whose delivery already stopped [OURS: AWS says "A stream
   * cannot be deleted while it has active channels", https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteChannel.html].
   */
  async countFor(streamArn: string, streamCreatedAt: number, now: number): Promise<{ all: number; blocking: number }> {
    let all = 0;
    let blocking = 0;
    for (const r of this.rows()) {
      const info = toInfo(r);
      const status = channelStatus(info, now);
      if (status === 'GONE' || info.config.streamArn !== streamArn || info.config.streamCreatedAt !== streamCreatedAt) continue;
      all++;
      if (status !== 'DELETING') blocking++;
    }
    return { all, blocking };
  }

  /**
   * DescribeLimits' ChannelCount and ChannelCountLimit for this account and region: channels in any status until
   * gone, and the most this object keeps (MAX_CHANNELS_PER_ACCOUNT, CreateChannel's LimitExceededException).
   */
  async limits(now: number): Promise<{ channelCount: number; channelCountLimit: number }> {
    const channelCount = this.rows().filter((r) => channelStatus(toInfo(r), now) !== 'GONE').length;
    return { channelCount, channelCountLimit: MAX_CHANNELS_PER_ACCOUNT };
  }

  /** The alarm is due by `at` at the latest (an earlier one stays). */
  private async alarmBy(at: number): Promise<void> {
    const due = await this.ctx.storage.getAlarm();
    if (due === null || due > at) await this.ctx.storage.setAlarm(at);
  }

  /**
   * One delivery round for every channel that delivers; gone channels' rows go. Due again while any channel lives:
   * after CHANNEL_DELIVERY_INTERVAL_MS if the round read records, else after twice the last interval, at most
   * the least DataFreshnessInSeconds, and never later than a CREATING channel turns ACTIVE.
   */
  override async alarm(): Promise<void> {
    const now = this.clock.now();
    let live = 0;
    let read = 0;
    let longest = CHANNEL_FRESHNESS_MAX_S * 1000;
    let activation = Number.POSITIVE_INFINITY;
    for (const r of this.rows()) {
      const info = toInfo(r);
      const status = channelStatus(info, now);
      if (status === 'GONE') {
        this.sql`DELETE FROM channels WHERE name = ${r.name} AND id = ${r.id}`;
        continue;
      }
      live++;
      longest = Math.min(longest, info.config.destination.DataFreshnessInSeconds * 1000);
      if (status === 'CREATING') activation = Math.min(activation, info.activeAt);
      if (status !== 'ACTIVE' && status !== 'UPDATING') continue;
      try {
        read += await this.deliver(info);
      } catch (err) {
        // The checkpoint did not move: the next round retries the same batch, to the same key.
        console.error(`channel ${info.name}: delivery round failed`, err);
      }
    }
    if (live === 0) return;
    this.idleIntervalMs = read > 0
      ? CHANNEL_DELIVERY_INTERVAL_MS
      : Math.min(Math.max(this.idleIntervalMs * 2, CHANNEL_DELIVERY_INTERVAL_MS), Math.max(longest, CHANNEL_DELIVERY_INTERVAL_MS));
    const after = this.clock.now();
    await this.ctx.storage.setAlarm(Math.min(after + this.idleIntervalMs, Math.max(activation, after + CHANNEL_DELIVERY_INTERVAL_MS)));
  }

  private checkpoints(channelId: string): Map<number, CheckpointRow> {
    const rows = this.sql<CheckpointRow>`SELECT shard_index, after_counter, done FROM checkpoints WHERE channel_id = ${channelId}`.toArray();
    return new Map(rows.map((r) => [r.shard_index, r]));
  }

  private fail(info: ChannelInfo, reason: string): void {
    this.sql`UPDATE channels SET failed_reason = ${reason} WHERE name = ${info.name} AND id = ${info.id}`;
  }

  /** One round of one channel; how many records it read from the source shards. */
  private async deliver(info: ChannelInfo): Promise<number> {
    const tenant = { account: info.account, region: info.region };
    const stream = await this.env.STREAM.getByName(streamObjectName(tenant, info.config.streamName)).state();
    if (!stream || stream.createdAt !== info.config.streamCreatedAt) {
      // [OURS] AWS refuses DeleteStream while a channel reads the stream; should it be gone anyway, the channel
      // cannot deliver any more.
      this.fail(info, `Source stream ${info.config.streamName} no longer exists.`);
      return 0;
    }
    const marks = this.checkpoints(info.id);
    const byIndex = new Map(stream.shards.map((s) => [s.index, s]));
    const done = (index: number | null): boolean => index === null || !byIndex.has(index) || marks.get(index)?.done === 1;
    let read = 0;
    for (const shard of stream.shards) {
      if (marks.get(shard.index)?.done === 1) continue;
      // Lineage: a child is read only once its parents were read to their ends.
      if (!done(shard.parent) || !done(shard.adjacentParent)) continue;
      const { finished, records } = await this.deliverShard(info, stream.name, stream.createdAt, shard, marks.get(shard.index)?.after_counter ?? 0);
      read += records;
      if (finished) marks.set(shard.index, { shard_index: shard.index, after_counter: 0, done: 1 });
    }
    return read;
  }

  /** Delivers one batch of one shard: whether the shard is closed and read to its end, and how many records it read. */
  private async deliverShard(info: ChannelInfo, streamName: string, streamCreatedAt: number, shard: ShardInfo, afterCounter: number): Promise<{ finished: boolean; records: number }> {
    // No backfill: only records that arrived once the channel was ACTIVE are delivered
    // (https://docs.aws.amazon.com/streams/latest/dev/data-delivery-concepts.html). A shard closed before then holds none.
    if (shard.closedAt !== null && shard.closedAt <= info.activeAt) return { finished: this.checkpoint(info, shard.index, afterCounter, true), records: 0 };
    const tenant = { account: info.account, region: info.region };
    const stub = this.env.SHARD.getByName(shardObjectName(tenant, streamName, streamCreatedAt, shard.index));
    const page = await stub.getRecords({ account: info.account, streamName, shardIndex: shard.index }, afterCounter, CHANNEL_BATCH_RECORDS);
    // Never opened, so never written to: nothing to deliver yet (or ever, once it is closed).
    if (!page.ok) return { finished: shard.closedAt !== null ? this.checkpoint(info, shard.index, afterCounter, true) : false, records: 0 };
    const { records, lastCounter, childShards } = page.value;
    const format = info.config.recordConfiguration.RecordFormatType;
    const good: DeliveredRecord[] = [];
    const bad: { record: DeliveredRecord; reason: string }[] = [];
    for (const r of records) {
      if (r.arrival < info.activeAt) continue;
      const record = { sequenceNumber: r.sequenceNumber, partitionKey: r.partitionKey, arrival: r.arrival, data: new Uint8Array(r.data) };
      const reason = refusal(format, record.data);
      if (reason) bad.push({ record, reason });
      else good.push(record);
    }
    const shardId = formatShardId(shard.index);
    const delivered = [...good, ...bad.map((b) => b.record)].sort((a, b) => (BigInt(a.sequenceNumber) < BigInt(b.sequenceNumber) ? -1 : 1));
    if (delivered.length > 0) {
      const batch = { shardId, firstSeq: delivered[0].sequenceNumber, lastSeq: delivered[delivered.length - 1].sequenceNumber, firstArrival: delivered[0].arrival };
      if (good.length > 0) await this.writeBatch(info, deliveryKey(info, batch), good, batch);
      if (bad.length > 0) {
        await this.env.CHANNEL_BUCKET.put(deadLetterKey(info, batch), deadLetterBody(bad), {
          httpMetadata: { contentType: 'application/x-ndjson' },
          customMetadata: { channel: info.name, channelId: info.id, shardId, records: String(bad.length) },
        });
      }
    }
    // Records read count as progress even when skipped (arrived before ACTIVE): more may follow at once.
    return { finished: this.checkpoint(info, shard.index, lastCounter, childShards !== undefined), records: records.length };
  }

  private async writeBatch(info: ChannelInfo, key: string, records: DeliveredRecord[], batch: { shardId: string; firstSeq: string; lastSeq: string }): Promise<void> {
    const storage = info.config.destination.StorageConfiguration!;
    let body: Uint8Array | ArrayBuffer = batchBody(records);
    if (storage.CompressionType === 'GZIP') {
      body = await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    }
    const format = info.config.recordConfiguration.RecordFormatType;
    await this.env.CHANNEL_BUCKET.put(key, body, {
      httpMetadata: {
        contentType: format === 'BYTE_ARRAY' ? 'application/octet-stream' : format === 'STRING' ? 'text/plain; charset=utf-8' : 'application/x-ndjson',
        ...(storage.CompressionType === 'GZIP' ? { contentEncoding: 'gzip' } : {}),
      },
      // What AWS would keep elsewhere (storage class, range delivered), so a user can see it on the object.
      customMetadata: {
        channel: info.name, channelId: info.id, shardId: batch.shardId, firstSequenceNumber: batch.firstSeq, lastSequenceNumber: batch.lastSeq,
        records: String(records.length), storageClass: storage.StorageClass ?? 'STANDARD',
      },
    });
  }

  private checkpoint(info: ChannelInfo, shardIndex: number, afterCounter: number, finished: boolean): boolean {
    // The channel may have been deleted (or replaced) while the batch was written: then its checkpoints are gone.
    const current = this.row(info.name);
    if (!current || current.id !== info.id || current.deleting_at !== null) return finished;
    const doneFlag = finished ? 1 : 0;
    this.sql`INSERT OR REPLACE INTO checkpoints (channel_id, shard_index, after_counter, done) VALUES (${info.id}, ${shardIndex}, ${afterCounter}, ${doneFlag})`;
    return finished;
  }
}
