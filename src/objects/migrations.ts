// Schema of each Durable Object class, as append-only numbered steps (docs/architecture.md). Never edit a shipped step.

export const shardMigrations = [
  `CREATE TABLE meta (id INTEGER PRIMARY KEY CHECK (id = 1), stream_name TEXT NOT NULL, shard_index INTEGER NOT NULL,
     shard_created_at INTEGER NOT NULL, retention_hours INTEGER NOT NULL, last_counter INTEGER NOT NULL, last_arrival INTEGER NOT NULL)`,
  // counter is the rowid: reads by position are range scans of the primary key.
  `CREATE TABLE records (counter INTEGER PRIMARY KEY, seq TEXT NOT NULL, arrival INTEGER NOT NULL, partition_key TEXT NOT NULL, data BLOB NOT NULL)`,
  // Set when the stream is deleted: writes stop at once, reads once the stream is gone, even for callers
  // holding a cached view of the stream.
  `ALTER TABLE meta ADD COLUMN gone_at INTEGER`,
  // Records over 1 MiB keep the rest of their data in parts (record-rows.ts): SQLite rows stop at 2 MB.
  `ALTER TABLE records ADD COLUMN parts INTEGER NOT NULL DEFAULT 0`,
  `CREATE TABLE record_parts (counter INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (counter, part)) WITHOUT ROWID`,
  // Resharding: a closed shard refuses writes, and once read to its end names its children (JSON ChildShardInfo[]).
  `ALTER TABLE meta ADD COLUMN closed_at INTEGER`,
  `ALTER TABLE meta ADD COLUMN children TEXT`,
] as const;

export const streamMigrations = [
  `CREATE TABLE stream (id INTEGER PRIMARY KEY CHECK (id = 1), account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
     created_at INTEGER NOT NULL, active_at INTEGER NOT NULL, deleting_at INTEGER, gone_at INTEGER, updating_until INTEGER,
     retention_hours INTEGER NOT NULL, mode TEXT NOT NULL, encryption_type TEXT NOT NULL, key_id TEXT, max_record_kib INTEGER NOT NULL)`,
  `CREATE TABLE shards (idx INTEGER PRIMARY KEY, parent INTEGER, adjacent_parent INTEGER, start_hash TEXT NOT NULL,
     end_hash TEXT NOT NULL, created_at INTEGER NOT NULL, closed_at INTEGER)`,
  `CREATE TABLE tags (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // Generations whose shard objects still hold data: purged by the alarm (a re-create can overtake a purge).
  `CREATE TABLE purges (created_at INTEGER PRIMARY KEY, shard_count INTEGER NOT NULL, due_at INTEGER NOT NULL)`,
  // The shards of each generation that were ever opened (hold storage): the only ones deletion, purge and retention
  // changes must reach. Keyed by index, not counted, so shards added later (resharding) join the same way.
  `CREATE TABLE opened_shards (generation INTEGER NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (generation, idx)) WITHOUT ROWID`,
  // Streams made before shards registered themselves: any of their shards may hold storage, so all count as opened.
  `INSERT OR IGNORE INTO opened_shards (generation, idx) SELECT stream.created_at, shards.idx FROM stream, shards`,
  // Likewise the generations still waiting to be purged, which only knew their shard count (unused from here on).
  `INSERT OR IGNORE INTO opened_shards (generation, idx)
     WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < (SELECT MAX(shard_count) FROM purges))
     SELECT purges.created_at, n.i FROM purges JOIN n ON n.i < purges.shard_count`,
  // When UpdateShardCount ran, for its limit of scalings per rolling 24 hours.
  `CREATE TABLE scalings (at INTEGER NOT NULL)`,
  // Enhanced fan-out consumers (consumer-rows.ts), each tied to the stream generation it was registered with.
  `CREATE TABLE consumers (generation INTEGER NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL, active_at INTEGER NOT NULL,
     deleting_at INTEGER, gone_at INTEGER, PRIMARY KEY (generation, name)) WITHOUT ROWID`,
] as const;

export const accountMigrations = [
  `CREATE TABLE streams (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL, active_at INTEGER NOT NULL,
     deleting_at INTEGER, gone_at INTEGER, open_shards INTEGER NOT NULL, mode TEXT NOT NULL)`,
] as const;

// The channels of one account and region (channel-object.ts): each channel's configuration as JSON, and per channel
// and source shard how far delivery got (records after `after_counter` are not delivered yet; `done` once a closed
// shard was read to its end).
export const channelMigrations = [
  `CREATE TABLE channels (name TEXT PRIMARY KEY, id TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, created_at INTEGER NOT NULL,
     active_at INTEGER NOT NULL, updating_until INTEGER, deleting_at INTEGER, gone_at INTEGER, failed_reason TEXT, config TEXT NOT NULL)`,
  `CREATE TABLE checkpoints (channel_id TEXT NOT NULL, shard_index INTEGER NOT NULL, after_counter INTEGER NOT NULL, done INTEGER NOT NULL,
     PRIMARY KEY (channel_id, shard_index)) WITHOUT ROWID`,
] as const;
