// Reading SubscribeToShard answers inside workerd: frames split by their prelude's length and decoded by the SDK's
// own EventStreamCodec; payloads parsed as JSON. Awaiting the next event is how the tests synchronise (no sleeps).
import { EventStreamCodec } from '@smithy/core/event-streams';
import { SELF } from 'cloudflare:test';
import { TARGET_PREFIX, JSON_11, signatureHeaders, kinesis, ok, advance, STATUS_DELAY_MS, bindings } from '../helpers/kinesis';
import type { ShardObject } from '../../src/objects/shard-object';
import type { Subscribers } from '../../src/objects/subscribers';

const codec = new EventStreamCodec((b) => new TextDecoder().decode(b), (s) => new TextEncoder().encode(s));

export interface Frame {
  headers: Record<string, string>;
  body: Uint8Array;
  /** The payload parsed as JSON (undefined for CBOR). */
  json: any;
}

export class FrameReader {
  private buffer = new Uint8Array(0);
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The next whole message, or null when the stream ended. */
  async next(): Promise<Frame | null> {
    for (;;) {
      if (this.buffer.byteLength >= 4) {
        const total = new DataView(this.buffer.buffer, this.buffer.byteOffset).getUint32(0);
        if (this.buffer.byteLength >= total) {
          const message = this.buffer.slice(0, total);
          this.buffer = this.buffer.slice(total);
          const decoded = codec.decode(message);
          const headers = Object.fromEntries(Object.entries(decoded.headers).map(([k, v]) => [k, String(v.value)]));
          let json: any;
          try {
            json = JSON.parse(new TextDecoder().decode(decoded.body));
          } catch {
            json = undefined;
          }
          return { headers, body: decoded.body, json };
        }
      }
      const { value, done } = await this.reader.read();
      if (done) {
        if (this.buffer.byteLength > 0) throw new Error(`stream ended inside a message (${this.buffer.byteLength} bytes left)`);
        return null;
      }
      const joined = new Uint8Array(this.buffer.byteLength + value.byteLength);
      joined.set(this.buffer);
      joined.set(value, this.buffer.byteLength);
      this.buffer = joined;
    }
  }

  /** Skips empty events until one with records (or the end): what a test waiting for a put's records wants. */
  async nextWithRecords(): Promise<Frame | null> {
    for (;;) {
      const f = await this.next();
      if (!f || f.headers[':message-type'] !== 'event' || (f.json?.Records?.length ?? 0) > 0 || f.json?.ChildShards) return f;
    }
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

/** POSTs SubscribeToShard (JSON 1.1) and returns the raw Response, body unread. */
export function subscribeRaw(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch('http://kinesis.test/', {
    method: 'POST',
    headers: { 'X-Amz-Target': `${TARGET_PREFIX}.SubscribeToShard`, 'Content-Type': JSON_11, ...signatureHeaders(), ...headers },
    body: JSON.stringify(body),
  });
}

/** Subscribes and checks the 200 answer and its initial-response; returns a reader positioned after it. */
export async function subscribe(consumerARN: string, shardId: string, position: Record<string, unknown>): Promise<FrameReader> {
  const res = await subscribeRaw({ ConsumerARN: consumerARN, ShardId: shardId, StartingPosition: position });
  if (res.status !== 200) throw new Error(`SubscribeToShard answered ${res.status}: ${await res.text()}`);
  const reader = new FrameReader(res.body!);
  const first = await reader.next();
  if (first?.headers[':event-type'] !== 'initial-response') throw new Error(`first message was not initial-response: ${JSON.stringify(first?.headers)}`);
  return reader;
}

/** Registers a consumer on the stream and moves the fake clock until it is ACTIVE; returns its ARN. */
export async function activeConsumer(streamName: string, consumerName = 'reader'): Promise<string> {
  const streamArn = `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`;
  const arn: string = ok(await kinesis('RegisterStreamConsumer', { StreamARN: streamArn, ConsumerName: consumerName })).Consumer.ConsumerARN;
  advance(STATUS_DELAY_MS);
  const status = ok(await kinesis('DescribeStreamConsumer', { ConsumerARN: arn })).ConsumerDescription.ConsumerStatus;
  if (status !== 'ACTIVE') throw new Error(`consumer ${arn} is ${status}`);
  return arn;
}

/** The stream's generation (creation time in ms), as shard object names carry it. */
export async function streamCreatedAt(name: string): Promise<number> {
  const state = await bindings.STREAM.getByName(`000000000000:us-east-1:stream:${name}`).state();
  return state!.createdAt;
}

/** A shard object's live subscribers (a private field, read from inside the object in tests only). */
export const subscribersOf = (o: ShardObject): Subscribers => (o as unknown as { subscribers: Subscribers }).subscribers;

/** Polls a condition (10 ms apart, real time: only Date is faked) until it holds or 5 s pass; returns the last answer. */
export async function until(probe: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 500; i++) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}
