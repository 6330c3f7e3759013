// A shard's live SubscribeToShard readers. Each is a stream of encoded event-stream messages pulled one at a time:
// the next message is read from SQLite (after the reader's position) only once the reader took the previous one,
// and when there are no records it waits until a put wakes it (notify(), called after every committed put) or a
// heartbeat is due. A reader that does not read is not fed, so nothing piles up here however much is written: it
// resumes from SQLite.
// One subscription per consumer: another within SUBSCRIPTION_TAKEOVER_MS of a successful one is refused, a later
// one ends the earlier stream and takes over (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html).
// With THROTTLE=aws a subscription is paced to enhanced fan-out's 2 MiB per second (model/fan-out-pace.ts decides):
// an event over the second's budget waits on a timer that re-checks the clock, so a reader falls behind as on AWS.
import { ok, type ErrorData, type Result } from '../protocol/errors';
import { encodeBody } from '../protocol/codec';
import { eventMessage, exceptionMessage } from '../protocol/event-stream';
import { Bytes, EpochTime } from '../protocol/values';
import type { Wire } from '../protocol/target';
import { anotherSubscription } from '../model/consumer';
import { formatSequenceNumber } from '../model/sequence-number';
import { formatShardId } from '../model/shard-id';
import { partitionKeyMember, type ChildShardInfo } from '../model/shard';
import { FRESH_PACE, paceEvent, paceRoom, type PaceState } from '../model/fan-out-pace';
import { utf8Length } from '../model/throttle';
import {
  MAX_EVENT_BYTES, MAX_EVENT_RECORDS, MAX_SEQUENCE_COUNTER, SUBSCRIPTION_BYTES_PER_SEC, SUBSCRIPTION_HEARTBEAT_MS, SUBSCRIPTION_LIFETIME_MS,
  SUBSCRIPTION_PACE_RECHECK_MS, SUBSCRIPTION_TAKEOVER_MS,
} from '../limits';
import { readRecords, type ReadRow } from './record-rows';

/** Durations of a subscription; tests shorten them (same isolate), production never changes them. */
export const subscriptionTiming = { lifetimeMs: SUBSCRIPTION_LIFETIME_MS, heartbeatMs: SUBSCRIPTION_HEARTBEAT_MS };

/** What a subscription reads from its shard object; tip() is null once the shard's stream is gone. */
export interface ShardSource {
  storage: DurableObjectStorage;
  now(): number;
  tip(): { lastCounter: number; cutoff: number; shardCreatedAtSec: number; shardIndex: number } | null;
  endOfShard(afterCounter: number): ChildShardInfo[] | null;
}

const CONTENT_TYPE: Record<Wire, string> = { json: 'application/x-amz-json-1.1', cbor: 'application/x-amz-cbor-1.1' };
const utf8 = new TextEncoder();
const bytesOf = (wire: Wire, value: object): Uint8Array => {
  const body = encodeBody(wire, value);
  return typeof body === 'string' ? utf8.encode(body) : body;
};

/**
 * The records of the next event after `after`: at most the per-event caps, and never ending inside a group of
 * records that arrived together (a PutRecords batch shares one arrival time), unless one group alone passes a cap.
 */
function nextRows(storage: DurableObjectStorage, after: number, cutoff: number, maxBytes = MAX_EVENT_BYTES): ReadRow[] {
  const rows = readRecords(storage, after, cutoff, MAX_EVENT_RECORDS, maxBytes);
  if (rows.length === 0) return rows;
  const last = rows[rows.length - 1];
  const next = storage.sql.exec<{ arrival: number }>('SELECT arrival FROM records WHERE counter > ? ORDER BY counter LIMIT 1', last.counter).toArray()[0];
  if (!next || next.arrival !== last.arrival) return rows;
  const cut = rows.findIndex((r) => r.arrival === last.arrival);
  return cut > 0 ? rows.slice(0, cut) : rows;
}

class Subscription {
  private position: number;
  private done = false;
  /** The first event goes out at once; later empty ones only after a heartbeat interval without records. */
  private heartbeatDue = true;
  private wake: (() => void) | undefined;
  /** THROTTLE=aws: what this subscription sent against its 2 MiB per second; null when not paced. */
  private pace: PaceState | null;
  /** Ends a wait for the next second (end() calls it; a put does not: it changes nothing about the budget). */
  private stopPaceWait: (() => void) | undefined;
  /** Whether the subscription waits for its budget (tests watch it). */
  private pacedNow = false;
  private readonly lifetime: ReturnType<typeof setTimeout>;
  readonly stream: ReadableStream<Uint8Array>;

  constructor(
    private readonly source: ShardSource,
    afterCounter: number,
    private readonly wire: Wire,
    private readonly onEnd: (s: Subscription) => void,
    paced: boolean,
  ) {
    this.position = afterCounter;
    this.pace = paced ? FRESH_PACE : null;
    this.lifetime = setTimeout(() => this.end(), subscriptionTiming.lifetimeMs);
    // A native identity stream, not a JS ReadableStream: its writes resolve only as the reader takes the bytes (so
    // at most one message waits here), and a reader that goes away, across RPC and HTTP, rejects the writer. A JS
    // stream's cancel() did not reach this object across RPC (test/operations/subscribe-to-shard.test.ts).
    const { readable, writable } = new IdentityTransformStream();
    this.stream = readable;
    const writer = writable.getWriter();
    writer.closed.catch(() => this.end());
    void this.run(writer);
  }

  /** Ends the stream: lifetime over, taken over, shard ended, or the reader went away. Idempotent. */
  end(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.lifetime);
    this.wake?.();
    this.stopPaceWait?.();
    this.onEnd(this);
  }

  /** Writes messages one at a time, each read from SQLite only once the previous one was taken (back-pressure). */
  private async run(writer: WritableStreamDefaultWriter<Uint8Array>): Promise<void> {
    try {
      // boto3 over HTTP/1.1 requires this first event; the SDKs accept it (docs/aws-behaviour.md).
      await writer.write(eventMessage('initial-response', CONTENT_TYPE[this.wire], bytesOf(this.wire, {})));
      for (;;) {
        let message: Uint8Array | null;
        try {
          message = await this.next();
        } catch (err) {
          // A fault of ours, not the reader's: logged, and the reader told as AWS tells an in-stream failure.
          console.error(`InternalFailure in SubscribeToShard stream: ${err instanceof Error ? err.stack : String(err)}`);
          this.done = true;
          message = exceptionMessage('InternalFailureException', CONTENT_TYPE[this.wire], bytesOf(this.wire, { message: 'Internal failure.' }));
        }
        if (!message) break;
        await writer.write(message);
      }
      await writer.close();
    } catch {
      // The reader went away: nothing to tell it.
    } finally {
      this.end();
    }
  }

  /** The next message: an event as soon as there are records (or a heartbeat is due), or null once ended. */
  private async next(): Promise<Uint8Array | null> {
    while (!this.done) {
      const tip = this.source.tip();
      if (!tip) {
        this.done = true;
        const error: ErrorData = { type: 'ResourceNotFoundException', message: 'The shard is no longer available: its stream was deleted.' };
        return exceptionMessage(error.type, CONTENT_TYPE[this.wire], bytesOf(this.wire, { message: error.message }));
      }
      // Paced, an event carries at most the second's remaining budget (at least one record: never split below one).
      const rows = this.pace
        ? nextRows(this.source.storage, this.position, tip.cutoff, Math.max(1, Math.min(MAX_EVENT_BYTES, paceRoom(this.pace, this.source.now(), SUBSCRIPTION_BYTES_PER_SEC))))
        : nextRows(this.source.storage, this.position, tip.cutoff);
      if (this.pace && rows.length > 0) {
        let bytes = 0;
        for (const r of rows) bytes += r.data.byteLength + utf8Length(r.partitionKey);
        const decision = paceEvent(this.pace, this.source.now(), bytes, SUBSCRIPTION_BYTES_PER_SEC);
        if (!decision.send) {
          // Read again once the second turned: the rows are not kept (the reader's position did not move).
          await this.waitUntil(decision.retryAtMs);
          continue;
        }
        this.pace = decision.state;
      }
      const children = rows.length === 0 ? this.source.endOfShard(this.position) : null;
      if (rows.length > 0 || children || this.heartbeatDue) {
        const now = this.source.now();
        if (rows.length > 0) this.position = rows[rows.length - 1].counter;
        const caughtUp = this.position >= tip.lastCounter;
        this.heartbeatDue = false;
        // The shard's last event: the stream ends after it.
        if (children) this.done = true;
        return eventMessage('SubscribeToShardEvent', CONTENT_TYPE[this.wire], bytesOf(this.wire, {
          // At the shard's end there is no continuation: the children say where to go on (as KCL expects).
          ...(children ? {} : { ContinuationSequenceNumber: rows.length > 0 ? rows[rows.length - 1].seq : this.positionSequence(tip, now) }),
          MillisBehindLatest: caughtUp || rows.length === 0 ? 0 : Math.max(0, now - rows[rows.length - 1].arrival),
          Records: rows.map((r) => ({
            SequenceNumber: r.seq, ApproximateArrivalTimestamp: new EpochTime(r.arrival), Data: new Bytes(new Uint8Array(r.data)), ...partitionKeyMember(r.partitionKey),
            // Only records written while the stream was encrypted name it, as GetRecords does.
            ...(r.kms ? { EncryptionType: 'KMS' } : {}),
          })),
          ...(children ? { ChildShards: children.map(childView) } : {}),
        }));
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.heartbeatDue = true;
          this.wake = undefined;
          resolve();
        }, subscriptionTiming.heartbeatMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = undefined;
          resolve();
        };
      });
    }
    return null;
  }

  /** Waits until the clock reaches `atMs` or the subscription ends. The timer looks at the clock at least every
   *  SUBSCRIPTION_PACE_RECHECK_MS rather than trusting one long timeout, so it follows the clock it is paced by. */
  private async waitUntil(atMs: number): Promise<void> {
    this.pacedNow = true;
    try {
      while (!this.done) {
        const left = atMs - this.source.now();
        if (left <= 0) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.stopPaceWait = undefined;
            resolve();
          }, Math.min(left, SUBSCRIPTION_PACE_RECHECK_MS));
          this.stopPaceWait = () => {
            clearTimeout(timer);
            this.stopPaceWait = undefined;
            resolve();
          };
        });
      }
    } finally {
      this.pacedNow = false;
    }
  }

  /** Whether the subscription is waiting for its next second's budget (THROTTLE=aws). */
  get paced(): boolean {
    return this.pacedNow;
  }

  /** A sequence number meaning "after the reader's position", for events without records: AFTER_SEQUENCE_NUMBER
   *  with it resumes there. Its time part is now, so it advances like AWS's. */
  private positionSequence(tip: { shardCreatedAtSec: number; shardIndex: number }, now: number): string {
    const recordAtSec = Math.max(Math.floor(now / 1000), tip.shardCreatedAtSec);
    // A position taken from a sequence number near the counter's top may have been rounded up past it (counters
    // travel as JS numbers); the sequence number still has to be one.
    const counter = BigInt(this.position) > MAX_SEQUENCE_COUNTER ? MAX_SEQUENCE_COUNTER : BigInt(this.position);
    return formatSequenceNumber({ shardCreatedAtSec: tip.shardCreatedAtSec, shardIndex: tip.shardIndex, counter, recordAtSec });
  }

  /** Puts arrived: a pull waiting for records reads again. */
  notify(): void {
    this.wake?.();
  }

  /** Where the reader is (tests watch it stay behind while the reader does not read). */
  get at(): number {
    return this.position;
  }
}

const childView = (c: ChildShardInfo) => ({
  ShardId: formatShardId(c.shardIndex),
  ParentShards: c.parentIndexes.map(formatShardId),
  HashKeyRange: { StartingHashKey: c.startHash, EndingHashKey: c.endHash },
});

export class Subscribers {
  private readonly active = new Map<string, Subscription>();
  /** When each consumer last subscribed successfully, for the takeover rule (entries older than it are dropped). */
  private readonly started = new Map<string, number>();

  /** How many subscriptions are open (tests watch it fall when a reader goes away). */
  get size(): number {
    return this.active.size;
  }

  notify(): void {
    for (const s of this.active.values()) s.notify();
  }

  /** `paced` (THROTTLE=aws): the subscription delivers at most enhanced fan-out's 2 MiB per second. */
  open(consumerArn: string, now: number, afterCounter: number, wire: Wire, source: ShardSource, paced = false): Result<ReadableStream<Uint8Array>> {
    for (const [arn, at] of this.started) if (now - at >= SUBSCRIPTION_TAKEOVER_MS) this.started.delete(arn);
    if (this.started.has(consumerArn)) return { ok: false, error: anotherSubscription(consumerArn) };
    this.active.get(consumerArn)?.end();
    const sub = new Subscription(source, afterCounter, wire, (s) => {
      if (this.active.get(consumerArn) === s) this.active.delete(consumerArn);
    }, paced);
    this.active.set(consumerArn, sub);
    this.started.set(consumerArn, now);
    return ok(sub.stream);
  }
}
