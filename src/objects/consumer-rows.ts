// How a stream's enhanced fan-out consumers sit in its object's SQLite: one row per consumer of a generation, its
// status derived from timestamps (model/consumer.ts), rows past their deletion dropped lazily on the next access.
// A re-created stream is a new generation and so has no consumers. Synchronous: callers hold no await between
// the checks and the write.
import { ok, type Result } from '../protocol/errors';
import { consumerExists, consumerNotFound, consumerStatus, tooManyConsumers, tooManyCreatingConsumers, type ConsumerInfo } from '../model/consumer';
import { MAX_CONSUMERS_PER_STREAM, MAX_CREATING_CONSUMERS } from '../limits';

type Row = { [k: string]: SqlStorageValue } & { name: string; created_at: number; active_at: number; deleting_at: number | null; gone_at: number | null };

export interface StreamOf {
  generation: number;
  name: string;
  account: string;
}

const info = (r: Row, now: number): ConsumerInfo => ({ name: r.name, createdAt: r.created_at, status: consumerStatus(timesOf(r), now)! });
const timesOf = (r: Row) => ({ createdAt: r.created_at, activeAt: r.active_at, deletingAt: r.deleting_at, goneAt: r.gone_at });

/** Drops consumers past their deletion and those of other generations, then returns the live ones by name. */
function live(storage: DurableObjectStorage, generation: number, now: number): Row[] {
  storage.sql.exec('DELETE FROM consumers WHERE generation <> ? OR (gone_at IS NOT NULL AND gone_at <= ?)', generation, now);
  // A consumer's tags and policy go with it.
  storage.sql.exec(`DELETE FROM consumer_tags WHERE NOT EXISTS
    (SELECT 1 FROM consumers c WHERE c.name = consumer_tags.consumer AND c.created_at = consumer_tags.consumer_created_at)`);
  storage.sql.exec(`DELETE FROM resource_policies WHERE consumer <> '' AND NOT EXISTS
    (SELECT 1 FROM consumers c WHERE c.name = resource_policies.consumer AND c.created_at = resource_policies.consumer_created_at)`);
  return storage.sql.exec<Row>('SELECT * FROM consumers WHERE generation = ? ORDER BY name', generation).toArray();
}

export function registerConsumer(storage: DurableObjectStorage, s: StreamOf, name: string, now: number, createMs: number): Result<ConsumerInfo> {
  const rows = live(storage, s.generation, now);
  if (rows.some((r) => r.name === name)) return { ok: false, error: consumerExists(name, s.name, s.account) };
  if (rows.length >= MAX_CONSUMERS_PER_STREAM) return { ok: false, error: tooManyConsumers(s.name, s.account, MAX_CONSUMERS_PER_STREAM) };
  const creating = rows.filter((r) => consumerStatus(timesOf(r), now) === 'CREATING').length;
  if (creating >= MAX_CREATING_CONSUMERS) return { ok: false, error: tooManyCreatingConsumers(s.name, s.account, MAX_CREATING_CONSUMERS) };
  storage.sql.exec('INSERT INTO consumers (generation, name, created_at, active_at) VALUES (?, ?, ?, ?)', s.generation, name, now, now + createMs);
  return ok({ name, createdAt: now, status: createMs > 0 ? 'CREATING' : 'ACTIVE' });
}

/** The consumer named; with `createdAtSec` (from an ARN), only if it is the registration that ARN names. */
export function findConsumer(storage: DurableObjectStorage, s: StreamOf, name: string, now: number, createdAtSec?: number): Result<ConsumerInfo> {
  const row = live(storage, s.generation, now).find((r) => r.name === name && (createdAtSec === undefined || Math.floor(r.created_at / 1000) === createdAtSec));
  return row ? ok(info(row, now)) : { ok: false, error: consumerNotFound(name, s.name, s.account) };
}

/** Consumers by name after `after` (exclusive), at most `limit`. */
export function listConsumers(storage: DurableObjectStorage, generation: number, after: string | undefined, limit: number, now: number) {
  const rows = live(storage, generation, now).filter((r) => after === undefined || r.name > after);
  return { consumers: rows.slice(0, limit).map((r) => info(r, now)), hasMore: rows.length > limit };
}

export function countConsumers(storage: DurableObjectStorage, generation: number, now: number): number {
  return live(storage, generation, now).length;
}

/** DELETING from now until goneAt; deregistering twice changes nothing. */
export function deregisterConsumer(storage: DurableObjectStorage, s: StreamOf, name: string, now: number, deleteMs: number, createdAtSec?: number): Result<ConsumerInfo> {
  const found = findConsumer(storage, s, name, now, createdAtSec);
  if (!found.ok) return found;
  storage.sql.exec('UPDATE consumers SET deleting_at = ?, gone_at = ? WHERE generation = ? AND name = ? AND deleting_at IS NULL', now, now + deleteMs, s.generation, name);
  return ok({ ...found.value, status: deleteMs > 0 ? 'DELETING' : found.value.status });
}

/** The stream is being deleted with EnforceConsumerDeletion: every consumer goes when the stream does. */
export function deleteAllConsumers(storage: DurableObjectStorage, generation: number, now: number, goneAt: number): void {
  storage.sql.exec('UPDATE consumers SET deleting_at = ?, gone_at = ? WHERE generation = ? AND deleting_at IS NULL', now, goneAt, generation);
}

// ---- a consumer's tags (TagResource, UntagResource, ListTagsForResource; RegisterStreamConsumer's Tags) ----

export interface ConsumerKey {
  name: string;
  /** Epoch ms of the registration. */
  createdAt: number;
}

export function consumerTagKeys(storage: DurableObjectStorage, c: ConsumerKey): Set<string> {
  return new Set(storage.sql.exec<{ key: string }>('SELECT key FROM consumer_tags WHERE consumer = ? AND consumer_created_at = ?', c.name, c.createdAt).toArray().map((r) => r.key));
}

export function putConsumerTags(storage: DurableObjectStorage, c: ConsumerKey, tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    storage.sql.exec('INSERT OR REPLACE INTO consumer_tags (consumer, consumer_created_at, key, value) VALUES (?, ?, ?, ?)', c.name, c.createdAt, key, value);
  }
}

export function deleteConsumerTags(storage: DurableObjectStorage, c: ConsumerKey, keys: string[]): void {
  for (const key of keys) storage.sql.exec('DELETE FROM consumer_tags WHERE consumer = ? AND consumer_created_at = ? AND key = ?', c.name, c.createdAt, key);
}

/** Sorted by key, as ListTagsForStream sorts. */
export function consumerTags(storage: DurableObjectStorage, c: ConsumerKey): { key: string; value: string }[] {
  return storage.sql.exec<{ key: string; value: string }>('SELECT key, value FROM consumer_tags WHERE consumer = ? AND consumer_created_at = ? ORDER BY key', c.name, c.createdAt).toArray();
}
