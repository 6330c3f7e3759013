// A small CBOR (RFC 8949) codec for AWS's `application/x-amz-cbor-1.1`, as the Java SDK v1/v2 and KCL speak it.
// Decodes every major type incl. indefinite lengths (Jackson writes maps that way); encodes responses with
// definite lengths. Must not know Kinesis shapes: timestamps and blobs are marked by the classes in values.ts.
// Timestamps are tag 1 around integer epoch milliseconds, as the Java SDK writes them (SdkCborGenerator.writeValue:
// writeTag(1), writeNumber(date.getTime()), https://github.com/aws/aws-sdk-java/blob/master/aws-java-sdk-core/src/main/java/com/amazonaws/protocol/json/SdkCborGenerator.java).
// Kept rather than cborg 6.1.5: configured as close as it goes (bench/micro/cborg-codec.mjs) it fails 7 of the 38
// tests in test/protocol/cbor-codec.test.ts (no indefinite-length text or byte strings, bad UTF-8 read as U+FFFD, no
// nesting limit, a break byte taken as a map value), and it is not faster. bench/micro/cbor-speed.mjs, instructions
// per call (callgrind, node --single-threaded), ours vs cborg: PutRecords request (500 x 1 KiB, Jackson form) decode
// 10.0M vs 10.6M, encode 9.1M vs 20.1M; GetRecords answer (10,000 x 1 KiB) encode 195M vs 623M, decode 278M vs 397M.
// Wall-clock medians on the shared 2-core machine were noisier: cborg took 1.1-2.1x our time to encode and
// 0.8-1.6x to decode.
import { Bytes, EpochTime } from './values';

export class CborError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true } as TextDecoderConstructorOptions);
const utf8Encoder = new TextEncoder();
/** Deeper nesting than any Kinesis input needs is refused rather than risking the stack. */
const MAX_DEPTH = 64;

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new CborError('unexpected end of CBOR input');
  }
  done(): boolean {
    return this.pos === this.bytes.length;
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }
  u16(): number {
    this.need(2);
    this.pos += 2;
    return this.view.getUint16(this.pos - 2);
  }
  u32(): number {
    this.need(4);
    this.pos += 4;
    return this.view.getUint32(this.pos - 4);
  }
  f32(): number {
    this.need(4);
    this.pos += 4;
    return this.view.getFloat32(this.pos - 4);
  }
  f64(): number {
    this.need(8);
    this.pos += 8;
    return this.view.getFloat64(this.pos - 8);
  }
  u64(): number {
    this.need(8);
    const big = this.view.getBigUint64(this.pos);
    this.pos += 8;
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new CborError('CBOR integer beyond 2^53');
    return Number(big);
  }
  /** The argument of an initial byte: a length, a count or an integer. -1 means indefinite length. */
  arg(info: number): number {
    if (info < 24) return info;
    if (info === 24) return this.u8();
    if (info === 25) return this.u16();
    if (info === 26) return this.u32();
    if (info === 27) return this.u64();
    if (info === 31) return -1;
    throw new CborError('reserved CBOR additional information');
  }
  take(n: number): Uint8Array {
    this.need(n);
    this.pos += n;
    return this.bytes.subarray(this.pos - n, this.pos);
  }
  atBreak(): boolean {
    this.need(1);
    if (this.bytes[this.pos] !== 0xff) return false;
    this.pos++;
    return true;
  }
}

function text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CborError('CBOR text is not UTF-8');
  }
}

function concatChunks(r: Reader, major: number): Uint8Array {
  const parts: Uint8Array[] = [];
  while (!r.atBreak()) {
    const ib = r.u8();
    if (ib >> 5 !== major || (ib & 31) === 31) throw new CborError('bad chunk in indefinite-length string');
    parts.push(r.take(r.arg(ib & 31)));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function halfToFloat(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

function simple(r: Reader, info: number): unknown {
  switch (info) {
    case 20: return false;
    case 21: return true;
    case 22: return null;
    case 23: return undefined;
    case 25: return halfToFloat(r.u16());
    case 26: return r.f32();
    case 27: return r.f64();
    default: throw new CborError('unsupported CBOR simple value');
  }
}

function item(r: Reader, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new CborError('CBOR nesting too deep');
  const ib = r.u8();
  const major = ib >> 5;
  const info = ib & 31;
  if (major === 7) return simple(r, info);
  const n = r.arg(info);
  // Only strings, arrays and maps may have an indefinite length (RFC 8949 §3.2.4).
  if (n < 0 && (major === 0 || major === 1 || major === 6)) throw new CborError('indefinite length on an integer or tag');
  switch (major) {
    case 0: return n;
    case 1: return -1 - n;
    case 2: return n < 0 ? concatChunks(r, 2) : r.take(n).slice();
    case 3: return text(n < 0 ? concatChunks(r, 3) : r.take(n));
    case 4: {
      const out: unknown[] = [];
      if (n < 0) while (!r.atBreak()) out.push(item(r, depth + 1));
      else for (let i = 0; i < n; i++) out.push(item(r, depth + 1));
      return out;
    }
    case 5: {
      const out: Record<string, unknown> = {};
      const entry = () => {
        const key = item(r, depth + 1);
        if (typeof key !== 'string') throw new CborError('CBOR map key is not a string');
        const value = item(r, depth + 1);
        // A "__proto__" key is data, as JSON.parse keeps it: never a prototype change.
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
      };
      if (n < 0) while (!r.atBreak()) entry();
      else for (let i = 0; i < n; i++) entry();
      return out;
    }
    default: {
      // major 6: a tag. Only tag 1 (epoch date) means anything to Kinesis; others pass their content through.
      const value = item(r, depth + 1);
      if (n !== 1) return value;
      if (typeof value !== 'number') throw new CborError('CBOR tag 1 around a non-number');
      // Tag 1 becomes epoch milliseconds, what the schema takes for CBOR timestamps: an integer is already
      // milliseconds as AWS's Java SDKs write it (SdkCborGenerator, linked at the top); a float is RFC 8949's seconds.
      return Number.isInteger(value) ? value : Math.round(value * 1000);
    }
  }
}

/** Decodes one CBOR data item; trailing bytes are an error. */
export function decodeCbor(bytes: Uint8Array): unknown {
  const r = new Reader(bytes);
  const value = item(r, 0);
  if (!r.done()) throw new CborError('trailing bytes after CBOR item');
  return value;
}

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  head(major: number, n: number): void {
    const m = major << 5;
    this.room(9);
    if (n < 24) this.buf[this.len++] = m | n;
    else if (n < 0x100) (this.buf[this.len++] = m | 24), (this.buf[this.len++] = n);
    else if (n < 0x10000) (this.buf[this.len++] = m | 25), this.view.setUint16(this.len, n), (this.len += 2);
    else if (n < 0x100000000) (this.buf[this.len++] = m | 26), this.view.setUint32(this.len, n), (this.len += 4);
    else (this.buf[this.len++] = m | 27), this.view.setBigUint64(this.len, BigInt(n)), (this.len += 8);
  }
  /** A text string. ASCII (names, keys, sequence numbers) is copied by hand: TextEncoder.encode allocates per call,
   *  which made a 10,000-record GetRecords answer cost 2.2x the instructions (424M against 195M) and 2-3x the time
   *  to encode (bench/micro/cbor-speed.mjs with CBOR_BEFORE set to the earlier cbor.ts). */
  text(s: string): void {
    const n = s.length;
    if (n < 0x10000) {
      this.room(n + 9); // head() asks for 9 bytes of room; reserving them now keeps it from reallocating below
      const start = this.len + (n < 24 ? 1 : n < 0x100 ? 2 : 3);
      const buf = this.buf;
      let i = 0;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i++] = c;
      }
      if (i === n) {
        this.head(3, n);
        this.len += n;
        return;
      }
    }
    const b = utf8Encoder.encode(s);
    this.head(3, b.length);
    this.bytes(b);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  f64(x: number): void {
    this.room(9);
    this.buf[this.len++] = 0xfb;
    this.view.setFloat64(this.len, x);
    this.len += 8;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function write(w: Writer, value: unknown): void {
  if (value === null || value === undefined) return w.head(7, 22);
  if (value === false) return w.head(7, 20);
  if (value === true) return w.head(7, 21);
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value >= 0 ? w.head(0, value) : w.head(1, -1 - value);
    return w.f64(value);
  }
  if (typeof value === 'string') return w.text(value);
  if (value instanceof EpochTime) {
    // Tag 1 around integer epoch milliseconds, as AWS's Java SDKs write and read it (SdkCborGenerator, linked at the top).
    w.head(6, 1);
    return write(w, Math.round(value.ms));
  }
  if (value instanceof Bytes || value instanceof Uint8Array) {
    const b = value instanceof Bytes ? value.bytes : value;
    w.head(2, b.length);
    return w.bytes(b);
  }
  if (Array.isArray(value)) {
    w.head(4, value.length);
    for (const v of value) write(w, v);
    return;
  }
  const map = value as Record<string, unknown>;
  const keys = Object.keys(map);
  let defined = 0;
  for (const k of keys) if (map[k] !== undefined) defined++;
  w.head(5, defined);
  for (const k of keys) {
    if (map[k] === undefined) continue;
    w.text(k);
    write(w, map[k]);
  }
}

export function encodeCbor(value: unknown): Uint8Array {
  const w = new Writer();
  write(w, value);
  return w.result();
}
