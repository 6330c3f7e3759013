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
  // 1: written while the stream was encrypted (GetRecords and SubscribeToShard answer EncryptionType KMS).
  `ALTER TABLE records ADD COLUMN kms INTEGER NOT NULL DEFAULT 0`,
  // Stored bytes (data and keys of the records kept): `stored_bytes` counts the records up to `stored_through`; the
  // ones after it are summed when the object wakes. Who to report them to: the account, region and generation, kept
  // from the first put so a trim that no put follows can report too.
  `ALTER TABLE meta ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE meta ADD COLUMN stored_through INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE meta ADD COLUMN account TEXT`,
  `ALTER TABLE meta ADD COLUMN region TEXT`,
  `ALTER TABLE meta ADD COLUMN stream_created_at INTEGER`,
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
  // When UpdateStreamMode switched the mode, for its limit of switches per rolling 24 hours (cleared on re-create).
  `CREATE TABLE mode_switches (at INTEGER NOT NULL)`,
  // The warm throughput asked for by UpdateStreamWarmThroughput or UpdateStreamMode (MiB/s), null when never set.
  `ALTER TABLE stream ADD COLUMN warm_target_mibps INTEGER`,
  // Stream settings (issue 11, group A): enhanced monitoring's metrics (JSON array), the record distribution
  // strategy (NULL: USER_PARTITION_KEY), and when encryption was started or stopped, for AWS's 25 per rolling 24 h.
  `ALTER TABLE stream ADD COLUMN shard_metrics TEXT NOT NULL DEFAULT '[]'`,
  `ALTER TABLE stream ADD COLUMN record_distribution TEXT`,
  `CREATE TABLE encryption_changes (generation INTEGER NOT NULL, at INTEGER NOT NULL, kms INTEGER NOT NULL)`,
  // Resource-based policies (PutResourcePolicy): the stream's has consumer '' and consumer_created_at 0; a consumer's is
  // keyed by its registration, so a consumer registered again under the same name starts without one.
  `CREATE TABLE resource_policies (consumer TEXT NOT NULL, consumer_created_at INTEGER NOT NULL, policy TEXT NOT NULL,
     PRIMARY KEY (consumer, consumer_created_at)) WITHOUT ROWID`,
  // Consumers' tags (RegisterStreamConsumer's Tags, TagResource), keyed by registration likewise.
  `CREATE TABLE consumer_tags (consumer TEXT NOT NULL, consumer_created_at INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (consumer, consumer_created_at, key)) WITHOUT ROWID`,
] as const;

export const accountMigrations = [
  `CREATE TABLE streams (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL, active_at INTEGER NOT NULL,
     deleting_at INTEGER, gone_at INTEGER, open_shards INTEGER NOT NULL, mode TEXT NOT NULL)`,
  // Account settings (UpdateAccountSettings' minimum throughput billing commitment) and the shard limit last passed
  // in by a request, which scaling that no request drives (on-demand splits) is checked against.
  `CREATE TABLE settings (id INTEGER PRIMARY KEY CHECK (id = 1), commitment_started_at INTEGER, commitment_earliest_end_at INTEGER,
     commitment_ended_at INTEGER, shard_limit INTEGER)`,
  // Bytes each shard of a stream generation last reported storing (tenants' stored-bytes quota, usage).
  `CREATE TABLE stored_bytes (name TEXT NOT NULL, created_at INTEGER NOT NULL, shard_index INTEGER NOT NULL, bytes INTEGER NOT NULL,
     PRIMARY KEY (name, created_at, shard_index)) WITHOUT ROWID`,
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
