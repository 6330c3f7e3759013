// AWS event-stream framing (application/vnd.amazon.eventstream), as SubscribeToShard answers with it: each message is
// a prelude (total length u32, headers length u32, CRC32 of those 8 bytes), headers, payload, and a CRC32 of all that
// precedes it (https://smithy.io/2.0/aws/amazon-eventstream.html). Must not know Kinesis shapes: callers pass payloads.
// Hand-written (30 lines) because @smithy/core's EventStreamCodec does not bundle under the Worker's esbuild config
// (platform neutral: its dependencies declare no `exports`) and would pull @smithy/core's serde into the Worker;
// the tests decode these frames with that codec. CRC32 is node:zlib's (nodejs_compat).
import { crc32 } from 'node:zlib';

const utf8 = new TextEncoder();
/** Header value type 7: a string, u16 length then UTF-8. The only type Kinesis events use. */
const STRING = 7;

/** One message with string headers, in the order given (AWS's order is part of the bytes). */
export function encodeMessage(headers: [name: string, value: string][], payload: Uint8Array): Uint8Array {
  const encoded = headers.map(([n, v]) => [utf8.encode(n), utf8.encode(v)] as const);
  const headersLength = encoded.reduce((sum, [n, v]) => sum + 1 + n.byteLength + 1 + 2 + v.byteLength, 0);
  const total = 12 + headersLength + payload.byteLength + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headersLength);
  view.setUint32(8, crc32(out.subarray(0, 8)));
  let at = 12;
  for (const [n, v] of encoded) {
    out[at++] = n.byteLength;
    out.set(n, at);
    at += n.byteLength;
    out[at++] = STRING;
    view.setUint16(at, v.byteLength);
    at += 2;
    out.set(v, at);
    at += v.byteLength;
  }
  out.set(payload, at);
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)));
  return out;
}

/** An event: `:event-type`, `:content-type`, `:message-type: event`, the wire order AWS sends. */
export function eventMessage(eventType: string, contentType: string, payload: Uint8Array): Uint8Array {
  return encodeMessage([[':event-type', eventType], [':content-type', contentType], [':message-type', 'event']], payload);
}

/** An error inside the stream (Smithy's modeled exception event): its type, and a `{"message": ...}` payload. */
export function exceptionMessage(exceptionType: string, contentType: string, payload: Uint8Array): Uint8Array {
  return encodeMessage([[':exception-type', exceptionType], [':content-type', contentType], [':message-type', 'exception']], payload);
}
