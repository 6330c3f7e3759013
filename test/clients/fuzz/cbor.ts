// CBOR bodies for the fuzz suite: value trees through cborg (definite lengths, shortest floats), the same with
// indefinite-length maps, arrays and strings as Jackson writes them, and malformed byte sequences.
import fc from 'fast-check';
import { encode } from 'cborg';
import { Deep, Num, Tagged, isRecord } from './values';

const BREAK = 0xff;
const cat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** cborg's form of a tree: Num becomes its number, Deep becomes nested bytes via deepCbor. */
function plain(value: unknown): unknown {
  if (value instanceof Num) return value.value;
  if (value instanceof Tagged) return new Tagged(value.tag, plain(value.value));
  if (Array.isArray(value)) return value.map(plain);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const hasDeep = (v: unknown): boolean =>
  v instanceof Deep || (v instanceof Tagged && hasDeep(v.value)) || (Array.isArray(v) && v.some(hasDeep)) || (isRecord(v) && Object.values(v).some(hasDeep));

function deepCbor(d: Deep): Uint8Array {
  // 0x81 = array of one; 0x80 = empty array. 0xa1 0x61 0x61 = map of one with key "a"; 0x01 = 1.
  if (d.kind === 'array') return cat([Buffer.alloc(d.depth - 1, 0x81), Buffer.from([0x80])]);
  return cat([Buffer.alloc(d.depth * 3).fill(Buffer.from([0xa1, 0x61, 0x61])), Buffer.from([0x01])]);
}

/** Heads for definite lengths (major type, count); cborg writes the leaves. */
function head(major: number, n: number): Uint8Array {
  const m = major << 5;
  if (n < 24) return Uint8Array.of(m | n);
  if (n < 0x100) return Uint8Array.of(m | 24, n);
  if (n < 0x10000) return Uint8Array.of(m | 25, n >> 8, n & 0xff);
  const b = Buffer.alloc(5);
  b[0] = m | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/**
 * Encodes a tree; `indefinite` writes every map and array with an indefinite length and splits strings into
 * chunks. Hand-assembled only around containers, so leaves keep cborg's encoding.
 */
export function toCbor(value: unknown, indefinite = false): Uint8Array {
  if (!indefinite && !hasDeep(value)) return encode(plain(value));
  if (value instanceof Deep) return deepCbor(value);
  if (value instanceof Tagged) return cat([encode(new Tagged(value.tag, null)).subarray(0, -1), toCbor(value.value, indefinite)]);
  if (Array.isArray(value)) {
    const items = value.map((v) => toCbor(v, indefinite));
    return indefinite ? cat([Uint8Array.of(0x9f), ...items, Uint8Array.of(BREAK)]) : cat([head(4, items.length), ...items]);
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const items = entries.flatMap(([k, v]) => [toCbor(k, indefinite), toCbor(v, indefinite)]);
    return indefinite ? cat([Uint8Array.of(0xbf), ...items, Uint8Array.of(BREAK)]) : cat([head(5, entries.length), ...items]);
  }
  if (indefinite && typeof value === 'string' && value.length > 1) {
    // Two chunks split on a character boundary, inside 0x7f ... 0xff.
    const cut = Math.ceil(value.length / 2);
    return cat([Uint8Array.of(0x7f), encode(value.slice(0, cut)), encode(value.slice(cut)), Uint8Array.of(BREAK)]);
  }
  if (indefinite && value instanceof Uint8Array && value.length > 1) {
    return cat([Uint8Array.of(0x5f), encode(value.subarray(0, 1)), encode(value.subarray(1)), Uint8Array.of(BREAK)]);
  }
  return encode(plain(value));
}

/** A map of one member whose value is raw bytes: for values no encoder writes. */
export const memberWith = (name: string, raw: Uint8Array) => cat([Uint8Array.of(0xa1), encode(name), raw]);

/**
 * Byte sequences that are not one well-formed CBOR map, each with a note. All must be answered with
 * SerializationException: the body cannot be read.
 */
export const malformedCbor: fc.Arbitrary<{ note: string; bytes: Uint8Array }> = fc.oneof(
  fc.constantFrom(
    { note: 'reserved additional info 28', bytes: Uint8Array.of(0xbc) },
    { note: 'map of 2^32 entries, none present', bytes: Uint8Array.of(0xbb, 0, 0, 0, 1, 0, 0, 0, 0) },
    { note: 'map with a 2^64-1 entry count', bytes: Uint8Array.of(0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff) },
    { note: 'indefinite map without its break', bytes: cat([Uint8Array.of(0xbf), encode('StreamName'), encode('fz')]) },
    { note: 'a lone break', bytes: Uint8Array.of(0xff) },
    { note: 'integer key', bytes: Uint8Array.of(0xa1, 0x01, 0x02) },
    { note: 'map key that is a map', bytes: Uint8Array.of(0xa1, 0xa0, 0x02) },
    { note: 'text of 4 GiB declared', bytes: memberWith('StreamName', Uint8Array.of(0x7a, 0xff, 0xff, 0xff, 0xff)) },
    { note: 'bytes of 2^62 declared', bytes: memberWith('Data', Uint8Array.of(0x5b, 0x40, 0, 0, 0, 0, 0, 0, 0)) },
    { note: 'array of 2^32-1 declared', bytes: memberWith('Records', Uint8Array.of(0x9a, 0xff, 0xff, 0xff, 0xff)) },
    { note: 'integer beyond 2^53', bytes: memberWith('ShardCount', Uint8Array.of(0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)) },
    { note: 'text that is not UTF-8', bytes: memberWith('StreamName', Uint8Array.of(0x62, 0xc3, 0x28)) },
    { note: 'byte chunk inside indefinite text', bytes: memberWith('StreamName', Uint8Array.of(0x7f, 0x41, 0x61, 0xff)) },
    { note: 'nested indefinite chunk', bytes: memberWith('StreamName', Uint8Array.of(0x7f, 0x7f, 0xff, 0xff)) },
    { note: 'indefinite-length integer', bytes: memberWith('ShardCount', Uint8Array.of(0x1f)) },
    { note: 'indefinite-length tag', bytes: memberWith('ShardCount', Uint8Array.of(0xdf, 0x01)) },
    { note: 'tag 1 around text', bytes: memberWith('Timestamp', cat([Uint8Array.of(0xc1), encode('2026-01-01')])) },
    { note: 'simple value 32', bytes: memberWith('StreamName', Uint8Array.of(0xf8, 0x20)) },
    { note: 'reserved simple 28', bytes: memberWith('StreamName', Uint8Array.of(0xfc)) },
    { note: 'half float cut short', bytes: memberWith('ShardCount', Uint8Array.of(0xf9, 0x3c)) },
    { note: 'trailing item after the map', bytes: cat([encode({ StreamName: 'fz' }), Uint8Array.of(0x00)]) },
    { note: 'two maps', bytes: cat([encode({}), encode({})]) },
  ),
  fc.integer({ min: 70, max: 400 }).map((depth) => ({ note: `maps nested ${depth} deep`, bytes: memberWith('Tags', cat([Buffer.alloc(depth * 3).fill(Buffer.from([0xa1, 0x61, 0x61])), Uint8Array.of(0x01)])) })),
);
