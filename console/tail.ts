// Live tail: follow every open shard of a stream from LATEST and hand each new record to the page. Each shard is
// polled with GetRecords about once a second (well inside AWS's five per second per shard, which ShardRateLimiter
// enforces anyway); while a shard has a backlog it is read again at once. A shard closed by resharding is read to its
// end, then its ChildShards are followed from TRIM_HORIZON, so the tail survives SplitShard, MergeShards and
// UpdateShardCount (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html: ChildShards is
// "the list of the current shard's child shards, returned in the GetRecords API's response only when the end of the
// current shard is reached").
import { callKinesis, KinesisError, type Keys } from './kinesis';
import type { ShardRateLimiter } from './rate';
import type { GetRecordsOutput, GetShardIteratorOutput, KinesisRecord, ListShardsOutput } from './types';

/** Milliseconds between two polls of a shard that has nothing more to read. */
export const TAIL_POLL_MS = 1000;

export interface TailEvents {
  records(shardId: string, records: KinesisRecord[]): void;
  /** The shards followed now; `ready` once every shard of the start has its iterator. */
  status(state: 'starting' | 'following' | 'paused' | 'stopped', shards: string[], error?: string): void;
}

export class LiveTail {
  private readonly followed = new Set<string>();
  private readonly started = new Set<string>();
  private readonly wakers = new Set<() => void>();
  private paused = false;
  private stopped = false;
  private error: string | undefined;

  constructor(
    private readonly keys: Keys,
    private readonly streamARN: string,
    private readonly limiter: ShardRateLimiter,
    private readonly events: TailEvents,
  ) {}

  /** Resolves once every open shard is followed (its LATEST iterator taken). */
  async start(): Promise<void> {
    this.events.status('starting', []);
    const open: string[] = [];
    let token: string | undefined;
    do {
      const page: ListShardsOutput = await callKinesis(this.keys, 'ListShards', token ? { NextToken: token } : { StreamARN: this.streamARN });
      for (const shard of page.Shards) if (shard.SequenceNumberRange.EndingSequenceNumber === undefined) open.push(shard.ShardId);
      token = page.NextToken;
    } while (token && !this.stopped);
    const iterators = await Promise.all(open.map((id) => this.iterator(id, 'LATEST')));
    open.forEach((id, i) => this.follow(id, iterators[i]));
    this.report();
  }

  pause(): void {
    this.paused = true;
    this.report();
  }

  resume(): void {
    this.paused = false;
    this.wakeAll();
    this.report();
  }

  stop(): void {
    this.stopped = true;
    this.wakeAll();
    this.report();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private report(): void {
    const state = this.stopped ? 'stopped' : this.paused ? 'paused' : 'following';
    this.events.status(state, [...this.followed].sort(), this.error);
  }

  private iterator(shardId: string, type: 'LATEST' | 'TRIM_HORIZON' | 'AFTER_SEQUENCE_NUMBER', after?: string): Promise<string> {
    const input: Record<string, string> = { StreamARN: this.streamARN, ShardId: shardId, ShardIteratorType: type };
    if (after !== undefined) input.StartingSequenceNumber = after;
    return callKinesis<GetShardIteratorOutput>(this.keys, 'GetShardIterator', input).then((o) => o.ShardIterator);
  }

  private follow(shardId: string, iterator: string): void {
    if (this.started.has(shardId)) return; // a merge's child is named by both parents
    this.started.add(shardId);
    this.followed.add(shardId);
    void this.loop(shardId, iterator).finally(() => {
      this.followed.delete(shardId);
      this.report();
    });
  }

  private async loop(shardId: string, first: string): Promise<void> {
    let iterator = first;
    let last: string | undefined;
    while (!this.stopped) {
      if (this.paused) {
        await this.sleep(Infinity);
        continue;
      }
      await this.limiter.take(`${this.streamARN} ${shardId}`);
      let out: GetRecordsOutput;
      try {
        out = await callKinesis<GetRecordsOutput>(this.keys, 'GetRecords', { ShardIterator: iterator });
      } catch (err) {
        if (err instanceof KinesisError && err.type === 'ExpiredIteratorException') {
          // Iterators live 5 minutes (API_GetShardIterator); a long pause outlives them: go on after the last record seen.
          iterator = last === undefined ? await this.iterator(shardId, 'LATEST') : await this.iterator(shardId, 'AFTER_SEQUENCE_NUMBER', last);
          continue;
        }
        if (err instanceof KinesisError && err.type === 'ProvisionedThroughputExceededException') {
          await this.sleep(TAIL_POLL_MS);
          continue;
        }
        this.error = `${shardId}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
        return;
      }
      if (this.stopped) return;
      if (out.Records.length > 0) {
        last = out.Records[out.Records.length - 1].SequenceNumber;
        this.events.records(shardId, out.Records);
      }
      if (!out.NextShardIterator) {
        // Closed and read to its end: its children carry on.
        const children = out.ChildShards ?? [];
        const iterators = await Promise.all(children.map((c) => this.iterator(c.ShardId, 'TRIM_HORIZON').then((it) => [c.ShardId, it] as const)));
        for (const [id, it] of iterators) this.follow(id, it);
        return;
      }
      iterator = out.NextShardIterator;
      if (out.Records.length > 0 && (out.MillisBehindLatest ?? 0) > 0) continue;
      await this.sleep(TAIL_POLL_MS);
    }
  }

  /** Waits `ms`, or until pause/resume/stop wakes every loop. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(wake, ms) : undefined;
      this.wakers.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
