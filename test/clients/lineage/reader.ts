// A lineage-following consumer written against the SDK v3, as a KCL-style application would be: it reads every shard,
// starts a child only once all its parents were read to their end, and checkpoints each shard by the sequence number
// of the last record it processed, so a restarted reader resumes AFTER_SEQUENCE_NUMBER exactly there. How a shard is
// read is a ShardSource: GetRecords polling, or SubscribeToShard.
import { ListShardsCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';

export interface Child {
  ShardId?: string;
  ParentShards?: string[];
}

/** Reads one shard from after `checkpoint` (or from the trim horizon), handing records over in order, until the
 *  shard ends (its ChildShards) or `stopped()` says to stop (then 'stopped'). */
export type ShardSource = (
  shardId: string,
  checkpoint: string | undefined,
  deliver: (records: _Record[]) => void,
  stopped: () => boolean,
) => Promise<Child[] | 'stopped'>;

export interface Lineage {
  /** Per shard: the last sequence number processed. */
  checkpoints: Map<string, string>;
  /** Shards read to their end. */
  finished: Set<string>;
}

export const newLineage = (): Lineage => ({ checkpoints: new Map(), finished: new Set() });

/**
 * Runs readers over the stream until `stop()` is called and every running reader has returned. Starts from what
 * `lineage` holds (checkpoints and finished shards), so a second run continues where a stopped one left off.
 */
export function runReader(client: KinesisClient, StreamName: string, source: ShardSource, lineage: Lineage, onRecord: (r: _Record) => void) {
  let stopping = false;
  const running = new Map<string, Promise<void>>();
  const parentsOf = new Map<string, string[]>();
  let failure: unknown;

  const start = (shardId: string) => {
    if (running.has(shardId) || lineage.finished.has(shardId)) return;
    const run = (async () => {
      const children = await source(
        shardId,
        lineage.checkpoints.get(shardId),
        (records) => {
          for (const r of records) {
            onRecord(r);
            lineage.checkpoints.set(shardId, r.SequenceNumber!);
          }
        },
        () => stopping,
      );
      if (children === 'stopped') return;
      lineage.finished.add(shardId);
      for (const child of children) {
        parentsOf.set(child.ShardId!, child.ParentShards ?? []);
        maybeStart(child.ShardId!);
      }
    })().catch((err) => {
      failure ??= err;
      stopping = true;
    });
    running.set(shardId, run);
  };

  // A parent this reader never heard of (past retention before it started) counts as read.
  const isKnown = (shardId: string) => known.has(shardId) || parentsOf.has(shardId);
  const maybeStart = (shardId: string) => {
    const parents = parentsOf.get(shardId) ?? [];
    if (parents.every((p) => lineage.finished.has(p) || !isKnown(p))) start(shardId);
  };

  const known = new Set<string>();
  const ready = (async () => {
    // Every shard in the retention window; parents before children.
    const shards = (await client.send(new ListShardsCommand({ StreamName }))).Shards ?? [];
    for (const s of shards) {
      known.add(s.ShardId!);
      parentsOf.set(s.ShardId!, [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => p !== undefined));
    }
    for (const s of shards) {
      const parents = parentsOf.get(s.ShardId!)!;
      if (parents.every((p) => lineage.finished.has(p) || !known.has(p))) start(s.ShardId!);
    }
  })();

  return {
    /** Stops every reader and waits for them; rethrows the first reader failure. */
    async stop(): Promise<void> {
      await ready;
      stopping = true;
      // Readers started while others stop are awaited too.
      for (;;) {
        const all = [...running.values()];
        await Promise.all(all);
        if (running.size === all.length) break;
      }
      if (failure) throw failure;
    },
    failed: () => failure,
  };
}
