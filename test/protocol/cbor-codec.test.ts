// src/protocol/cbor.ts on its own: every major type in, definite and indefinite lengths, the three float widths,
// tag 1 as epoch milliseconds both ways, byte strings, and malformed input always ending in CborError (which the
// codec turns into SerializationException) rather than any other exception. Vectors follow RFC 8949 Appendix A.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CborError, decodeCbor, encodeCbor } from '../../src/protocol/cbor';
import { Bytes, EpochTime } from '../../src/protocol/values';

const bytes = (hex: string): Uint8Array => {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
};
const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const decodeHex = (hex: string) => decodeCbor(bytes(hex));
const encodeHex = (value: unknown) => hexOf(encodeCbor(value));

/** What decodeCbor threw, or 'no error' with the value it returned. */
function thrown(input: Uint8Array): unknown {
  try {
    return { returned: decodeCbor(input) };
  } catch (err) {
    return err;
  }
}

/** A Jackson-style writer: indefinite-length maps and arrays, text and byte strings in chunks. */
function indefinite(value: unknown, chunk = 3): number[] {
  const head = (major: number, n: number): number[] => {
    const m = major << 5;
    if (n < 24) return [m | n];
    if (n < 0x100) return [m | 24, n];
    if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
    if (n < 0x100000000) return [m | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
    const big = BigInt(n);
    return [m | 27, ...[56n, 48n, 40n, 32n, 24n, 16n, 8n, 0n].map((s) => Number((big >> s) & 0xffn))];
  };
  const chunked = (major: number, b: Uint8Array): number[] => {
    const out = [(major << 5) | 31];
    for (let i = 0; i < b.length; i += chunk) out.push(...head(major, Math.min(chunk, b.length - i)), ...b.subarray(i, i + chunk));
    return [...out, 0xff];
  };
  if (value === null) return [0xf6];
  if (value === true) return [0xf5];
  if (value === false) return [0xf4];
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value >= 0 ? head(0, value) : head(1, -1 - value);
    const f = new DataView(new ArrayBuffer(8));
    f.setFloat64(0, value);
    return [0xfb, ...new Uint8Array(f.buffer)];
  }
  if (typeof value === 'string') {
    // Text chunks must each be whole UTF-8, so chunk by code point.
    const out = [0x7f];
    const cps = Array.from(value);
    for (let i = 0; i < cps.length; i += chunk) {
      const b = new TextEncoder().encode(cps.slice(i, i + chunk).join(''));
      out.push(...head(3, b.length), ...b);
    }
    return [...out, 0xff];
  }
  if (value instanceof Uint8Array) return chunked(2, value);
  if (Array.isArray(value)) return [0x9f, ...value.flatMap((v) => indefinite(v, chunk)), 0xff];
  return [0xbf, ...Object.entries(value as object).flatMap(([k, v]) => [...indefinite(k, chunk), ...indefinite(v, chunk)]), 0xff];
}

describe('decodeCbor: major types (RFC 8949 Appendix A)', () => {
  it('reads unsigned integers of every width, up to 2^53 - 1', () => {
    const cases: Array<[string, number]> = [
      ['00', 0],
      ['01', 1],
      ['17', 23],
      ['1818', 24],
      ['1864', 100],
      ['1903e8', 1000],
      ['1a000f4240', 1000000],
      ['1b000000e8d4a51000', 1000000000000],
      ['1b001fffffffffffff', Number.MAX_SAFE_INTEGER],
    ];
    for (const [hex, value] of cases) expect(decodeHex(hex), hex).toBe(value);
  });

  it('reads negative integers of every width', () => {
    const cases: Array<[string, number]> = [
      ['20', -1],
      ['29', -10],
      ['3863', -100],
      ['3903e7', -1000],
      ['3a000f423f', -1000000],
      ['3b001ffffffffffffe', -Number.MAX_SAFE_INTEGER],
    ];
    for (const [hex, value] of cases) expect(decodeHex(hex), hex).toBe(value);
  });

  it('reads byte strings as a Uint8Array copy, not a view of the input', () => {
    expect(decodeHex('40')).toEqual(new Uint8Array(0));
    const input = bytes('4401020304');
    const out = decodeCbor(input) as Uint8Array;
    expect(out).toBeInstanceOf(Uint8Array);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
    input[1] = 0xee;
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
    const long = new Uint8Array(300).map((_, i) => i & 0xff);
    expect(Array.from(decodeCbor(new Uint8Array([0x59, 0x01, 0x2c, ...long])) as Uint8Array)).toEqual(Array.from(long));
  });

  it('reads UTF-8 text strings', () => {
    expect(decodeHex('60')).toBe('');
    expect(decodeHex('6161')).toBe('a');
    expect(decodeHex('6449455446')).toBe('IETF');
    expect(decodeHex('62225c')).toBe('"\\');
    expect(decodeHex('62c3bc')).toBe('\u00fc');
    expect(decodeHex('63e6b0b4')).toBe('\u6c34');
    expect(decodeHex('64f0908591')).toBe('\u{10151}');
  });

  it('reads arrays, nested', () => {
    expect(decodeHex('80')).toEqual([]);
    expect(decodeHex('83010203')).toEqual([1, 2, 3]);
    expect(decodeHex('8301820203820405')).toEqual([1, [2, 3], [4, 5]]);
    const long = decodeHex('98190102030405060708090a0b0c0d0e0f101112131415161718181819');
    expect(long).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('reads maps with string keys into plain objects', () => {
    expect(decodeHex('a0')).toEqual({});
    expect(decodeHex('a26161016162820203')).toEqual({ a: 1, b: [2, 3] });
    expect(decodeHex('826161a161626163')).toEqual(['a', { b: 'c' }]);
    const m = decodeHex('a56161614161626142616361436164614461656145') as object;
    expect(m).toEqual({ a: 'A', b: 'B', c: 'C', d: 'D', e: 'E' });
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
  });

  it('keeps a "__proto__" key as an own member, as JSON.parse does, without changing the prototype', () => {
    // {"__proto__": {"StreamName": "x"}}: must not turn into an object that inherits StreamName.
    const decoded = decodeHex('a1695f5f70726f746f5f5fa16a53747265616d4e616d656178') as Record<string, unknown>;
    const parsed = JSON.parse('{"__proto__":{"StreamName":"x"}}');
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect((decoded as { StreamName?: unknown }).StreamName).toBeUndefined();
    expect(Object.keys(decoded)).toEqual(Object.keys(parsed));
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toEqual({ StreamName: 'x' });
  });

  it('reads false, true, null and undefined', () => {
    expect(decodeHex('f4')).toBe(false);
    expect(decodeHex('f5')).toBe(true);
    expect(decodeHex('f6')).toBe(null);
    expect(decodeHex('f7')).toBe(undefined);
  });

  it('reads half-precision floats, subnormals, infinities and NaN included', () => {
    const cases: Array<[string, number]> = [
      ['f90000', 0],
      ['f93c00', 1],
      ['f93e00', 1.5],
      ['f97bff', 65504],
      ['f90001', 5.960464477539063e-8],
      ['f90400', 0.00006103515625],
      ['f9c400', -4],
      ['f97c00', Infinity],
      ['f9fc00', -Infinity],
    ];
    for (const [hex, value] of cases) expect(decodeHex(hex), hex).toBe(value);
    expect(Object.is(decodeHex('f98000'), -0)).toBe(true);
    expect(decodeHex('f97e00')).toBeNaN();
  });

  it('reads single- and double-precision floats', () => {
    expect(decodeHex('fa47c35000')).toBe(100000);
    expect(decodeHex('fa7f7fffff')).toBe(3.4028234663852886e38);
    expect(decodeHex('fa7f800000')).toBe(Infinity);
    expect(decodeHex('fa7fc00000')).toBeNaN();
    expect(decodeHex('fb3ff199999999999a')).toBe(1.1);
    expect(decodeHex('fb7e37e43c8800759c')).toBe(1e300);
    expect(decodeHex('fbc010666666666666')).toBe(-4.1);
    expect(decodeHex('fb7ff0000000000000')).toBe(Infinity);
  });
});

describe('decodeCbor: indefinite lengths (as Jackson writes maps)', () => {
  it('joins byte and text string chunks', () => {
    expect(Array.from(decodeHex('5f42010243030405ff') as Uint8Array)).toEqual([1, 2, 3, 4, 5]);
    expect(decodeHex('5fff')).toEqual(new Uint8Array(0));
    expect(decodeHex('7f657374726561646d696e67ff')).toBe('streaming');
    expect(decodeHex('7fff')).toBe('');
    // A multi-byte character split across chunks only makes sense joined: ü = c3 bc.
    expect(decodeHex('7f6161 62c3bc ff')).toBe('a\u00fc');
  });

  it('reads indefinite arrays and maps, mixed with definite ones', () => {
    expect(decodeHex('9fff')).toEqual([]);
    expect(decodeHex('9f018202039f0405ffff')).toEqual([1, [2, 3], [4, 5]]);
    expect(decodeHex('9f01820203820405ff')).toEqual([1, [2, 3], [4, 5]]);
    expect(decodeHex('83018202039f0405ff')).toEqual([1, [2, 3], [4, 5]]);
    expect(decodeHex('bfff')).toEqual({});
    expect(decodeHex('bf61610161629f0203ffff')).toEqual({ a: 1, b: [2, 3] });
    expect(decodeHex('826161bf61626163ff')).toEqual(['a', { b: 'c' }]);
    expect(decodeHex('bf6346756ef563416d7421ff')).toEqual({ Fun: true, Amt: -2 });
  });

  it('reads a PutRecords request as the Java SDK sends it: indefinite maps and arrays, Data as byte strings', () => {
    const request = { StreamName: 's', Records: [{ Data: new Uint8Array([0, 255, 0xbf, 0xff]), PartitionKey: 'k' }, { Data: new Uint8Array(0), PartitionKey: 'k2' }] };
    expect(decodeCbor(new Uint8Array(indefinite(request)))).toEqual(request);
  });

  it('refuses a chunk of another major type, or a nested indefinite chunk, with CborError', () => {
    for (const hex of ['5f6161ff', '7f4161ff', '5f5f4101ffff', '7f7f6161ffff', '5f01ff']) {
      expect(thrown(bytes(hex)), hex).toBeInstanceOf(CborError);
    }
  });
});

describe('decodeCbor: tag 1 (epoch time) as epoch milliseconds', () => {
  it('takes an integer under tag 1 as milliseconds, as AWS Java SDKs write it (SdkCborGenerator: writeTag(1), date.getTime())', () => {
    expect(decodeHex('c11b0000018bcfe5687b')).toBe(1700000000123);
    expect(decodeHex('c11b0000013d8e8d0780')).toBe(1363896240000);
    expect(decodeHex('c100')).toBe(0);
  });

  it('takes a float under tag 1 as RFC 8949 seconds and turns it into whole milliseconds', () => {
    expect(decodeHex('c1fb41d452d9ec200000')).toBe(1363896240500);
    expect(decodeHex('c1fb41d452d9ec07df3b')).toBe(1363896240123);
    expect(decodeHex('c1f93e00')).toBe(1500);
  });

  it('refuses tag 1 around anything but a number, and passes other tags through to their content', () => {
    for (const hex of ['c16161', 'c1f6', 'c180', 'c1a0', 'c14100']) expect(thrown(bytes(hex)), hex).toBeInstanceOf(CborError);
    expect(decodeHex('d82076687474703a2f2f7777772e6578616d706c652e636f6d')).toBe('http://www.example.com');
    expect(Array.from(decodeHex('c249010000000000000000') as Uint8Array)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(decodeHex('c074323031332d30332d32315432303a30343a30305a')).toBe('2013-03-21T20:04:00Z');
  });

  it('decodes a GetShardIterator AT_TIMESTAMP request with its tag-1 Timestamp to epoch ms', () => {
    const body = [0xbf, ...indefinite('Timestamp'), 0xc1, 0x1b, ...bytes('0000018bcfe5687b'), ...indefinite('ShardIteratorType'), ...indefinite('AT_TIMESTAMP'), 0xff];
    expect(decodeCbor(new Uint8Array(body))).toEqual({ Timestamp: 1700000000123, ShardIteratorType: 'AT_TIMESTAMP' });
  });
});

describe('decodeCbor: malformed input is always a CborError', () => {
  const expectCborError = (hex: string) => expect(thrown(bytes(hex)), hex).toBeInstanceOf(CborError);

  it('refuses truncated input', () => {
    for (const hex of ['', '18', '1903', '1a0000', '1b00000000', '3b00', '4401', '440102', '6261', '7a0000', '83', '830102', 'a1', 'a16161', 'a26161016162', '9f', '9f01', 'bf', 'bf6161', 'bf616101', '5f', '5f4101', '7f6161', 'fb3ff1', 'fa47', 'f93c', 'c1', 'c11b0000018b', 'f8']) {
      expectCborError(hex);
    }
  });

  it('refuses lengths that claim more than the input holds, however large', () => {
    for (const hex of ['5b001fffffffffffff00', '5affffffff00', '7b001fffffffffffff61', '9b001fffffffffffff00', 'bb001fffffffffffff616100']) expectCborError(hex);
  });

  it('refuses trailing bytes after the item', () => {
    for (const hex of ['0000', 'a000', '8301020304', 'f6f6', 'bfff00', '6161ff']) expectCborError(hex);
  });

  it('refuses map keys that are not text strings', () => {
    for (const hex of ['a10102', 'bf0102ff', 'a1400102', 'a18001', 'a1a001', 'a1f601', 'a1f501', 'a1c16161', 'a1fb3ff199999999999a01']) expectCborError(hex);
  });

  it('refuses nesting deeper than any Kinesis input needs, however deep, without overflowing the stack', () => {
    const deep = (open: string, depth: number, leaf = '00') => bytes(open.repeat(depth) + leaf);
    // Kinesis inputs nest a few levels; 16 is plenty and must decode.
    expect(decodeCbor(deep('81', 16))).toEqual(JSON.parse('['.repeat(16) + '0' + ']'.repeat(16)));
    for (const depth of [1000, 100_000]) {
      expect(thrown(deep('81', depth)), `arrays ${depth}`).toBeInstanceOf(CborError);
      expect(thrown(deep('9f', depth)), `indefinite arrays ${depth}`).toBeInstanceOf(CborError);
      expect(thrown(deep('a16161', depth)), `maps ${depth}`).toBeInstanceOf(CborError);
      expect(thrown(deep('c6', depth)), `tags ${depth}`).toBeInstanceOf(CborError);
    }
  });

  it('refuses integers beyond 2^53, reserved additional information, and unknown simple values', () => {
    for (const hex of ['1b0020000000000000', '1bffffffffffffffff', '3b0020000000000000', '3bffffffffffffffff']) expectCborError(hex);
    for (const hex of ['1c', '1d', '1e', '3c', '5c', '7d', '9e', 'bc', 'dc', 'fc', 'fd', 'fe']) expectCborError(hex);
    for (const hex of ['e0', 'f0', 'f3', 'f820', 'f8ff', 'ff', '8201ff', 'a16161ff']) expectCborError(hex);
  });

  it('refuses the indefinite-length marker on integers and tags (RFC 8949 §3.2.4: not well-formed)', () => {
    for (const hex of ['1f', '3f', 'df00', 'dfc100']) expectCborError(hex);
  });

  it('refuses text that is not UTF-8', () => {
    for (const hex of ['61ff', '62c328', '63eda080', '61c3', '7f61c3ff', 'a161ff01']) expectCborError(hex);
  });

  it('throws nothing but CborError for any input bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (input) => {
        const r = thrown(input);
        if (r instanceof Error) expect(r, hexOf(input)).toBeInstanceOf(CborError);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('encodeCbor', () => {
  it('writes integers in the shortest head, both signs', () => {
    const cases: Array<[number, string]> = [
      [0, '00'],
      [23, '17'],
      [24, '1818'],
      [255, '18ff'],
      [256, '190100'],
      [65535, '19ffff'],
      [65536, '1a00010000'],
      [2 ** 32 - 1, '1affffffff'],
      [2 ** 32, '1b0000000100000000'],
      [Number.MAX_SAFE_INTEGER, '1b001fffffffffffff'],
      [-1, '20'],
      [-24, '37'],
      [-25, '3818'],
      [-1000, '3903e7'],
      [-Number.MAX_SAFE_INTEGER, '3b001ffffffffffffe'],
    ];
    for (const [value, hex] of cases) expect(encodeHex(value), String(value)).toBe(hex);
  });

  it('writes other numbers as doubles', () => {
    expect(encodeHex(1.5)).toBe('fb3ff8000000000000');
    expect(encodeHex(-4.1)).toBe('fbc010666666666666');
    expect(encodeHex(2 ** 53)).toBe('fb4340000000000000');
    expect(encodeHex(Infinity)).toBe('fb7ff0000000000000');
    expect(decodeCbor(encodeCbor(NaN))).toBeNaN();
  });

  it('writes null, booleans and strings; undefined at the top is null', () => {
    expect(encodeHex(null)).toBe('f6');
    expect(encodeHex(undefined)).toBe('f6');
    expect(encodeHex(true)).toBe('f5');
    expect(encodeHex(false)).toBe('f4');
    expect(encodeHex('')).toBe('60');
    expect(encodeHex('IETF')).toBe('6449455446');
    expect(encodeHex('\u00fc')).toBe('62c3bc');
    expect(encodeHex('x'.repeat(24))).toBe('7818' + '78'.repeat(24));
  });

  it('writes text of every head width, ASCII or not, wherever it falls in the output buffer', () => {
    // Expected bytes come from Node's own UTF-8 encoder and a hand-written head, not from the codec.
    const textHead = (n: number) => (n < 24 ? [0x60 | n] : n < 0x100 ? [0x78, n] : n < 0x10000 ? [0x79, n >> 8, n & 0xff] : [0x7a, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
    const expected = (s: string) => {
      const b = Buffer.from(s, 'utf8');
      return hexOf(new Uint8Array([...textHead(b.length), ...b]));
    };
    const strings = [0, 1, 23, 24, 255, 256, 65535, 65536].flatMap((n) => {
      const ascii = 'k'.repeat(n);
      return [ascii, ascii + '\u00fc', '\u00fc' + ascii, ascii.slice(0, n >> 1) + '\u6c34' + ascii.slice(n >> 1), ascii + '\u{10151}'];
    });
    for (const s of strings) expect(encodeHex(s), `${s.length} chars`).toBe(expected(s));
    // After 250 bytes of output the first 256-byte buffer has to grow in the middle of writing the string.
    const lead = new Uint8Array(250);
    for (const s of ['a'.repeat(100), 'a'.repeat(100) + '\u00e9', 'b'.repeat(3), 'c'.repeat(300)]) {
      expect(encodeHex([lead, s]), `${s.length} chars after 250 bytes`).toBe('82' + '58fa' + '00'.repeat(250) + expected(s));
    }
  });

  it('writes an EpochTime as tag 1 around integer epoch milliseconds, as the Java SDK writes timestamps', () => {
    expect(encodeHex(new EpochTime(1700000000123))).toBe('c11b0000018bcfe5687b');
    expect(encodeHex(new EpochTime(1363896240000))).toBe('c11b0000013d8e8d0780');
    expect(encodeHex(new EpochTime(0))).toBe('c100');
    expect(encodeHex(new EpochTime(1234.6))).toBe('c11904d3');
    expect(decodeCbor(encodeCbor({ t: new EpochTime(1700000000123) }))).toEqual({ t: 1700000000123 });
  });

  it('writes Bytes and Uint8Array as byte strings, only the bytes of a view', () => {
    expect(encodeHex(new Bytes(new Uint8Array([0, 255])))).toBe('4200ff');
    expect(encodeHex(new Uint8Array([0, 255]))).toBe('4200ff');
    expect(encodeHex(new Bytes(new Uint8Array(0)))).toBe('40');
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect(encodeHex(new Bytes(backing.subarray(2, 5)))).toBe('43010203');
    const big = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    const out = encodeCbor(new Bytes(big));
    expect(hexOf(out.subarray(0, 5))).toBe('5a00011170');
    expect(Array.from(out.subarray(5))).toEqual(Array.from(big));
  });

  it('writes arrays and maps with definite lengths, leaving out undefined members and keeping null ones', () => {
    expect(encodeHex([])).toBe('80');
    expect(encodeHex([1, [2, 3]])).toBe('8201820203');
    expect(encodeHex({})).toBe('a0');
    expect(encodeHex({ a: 1, b: [2] })).toBe('a2616101616281' + '02');
    expect(encodeHex({ a: 1, b: undefined })).toBe('a1616101');
    expect(encodeHex({ a: null })).toBe('a16161f6');
  });

  it('writes a GetRecords answer the decoder reads back, Data bytes and arrival ms intact', () => {
    const data = new Uint8Array(256).map((_, i) => i);
    const answer = {
      Records: [{ SequenceNumber: '49590338271490256608559692538361571095921575989136588898', ApproximateArrivalTimestamp: new EpochTime(1700000000123), Data: new Bytes(data), PartitionKey: 'k' }],
      NextShardIterator: 'AAAA',
      MillisBehindLatest: 0,
    };
    expect(decodeCbor(encodeCbor(answer))).toEqual({
      Records: [{ SequenceNumber: answer.Records[0].SequenceNumber, ApproximateArrivalTimestamp: 1700000000123, Data: data, PartitionKey: 'k' }],
      NextShardIterator: 'AAAA',
      MillisBehindLatest: 0,
    });
  });
});

describe('round trips (properties)', () => {
  const key = fc.string({ unit: 'binary', maxLength: 12 }).filter((k) => k !== '__proto__');
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.maxSafeInteger(),
      fc.integer(),
      fc.double().filter((x) => !Object.is(x, -0)),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.uint8Array({ maxLength: 64 }),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }),
    ),
  }));

  it('decodeCbor(encodeCbor(v)) is v for every value the encoder takes', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeCbor(encodeCbor(v))).toEqual(v);
      }),
      { numRuns: 1000 },
    );
  });

  it('the indefinite-length (Jackson) form of v decodes to v as well, whatever the chunk size', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 8 }), (v, chunk) => {
        expect(decodeCbor(new Uint8Array(indefinite(v, chunk)))).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it('every proper prefix of an encoding, and the encoding with a byte appended, is a CborError', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 255 }), (v, extra) => {
        const enc = encodeCbor(v);
        for (let n = 0; n < enc.length; n++) expect(thrown(enc.subarray(0, n))).toBeInstanceOf(CborError);
        const longer = new Uint8Array(enc.length + 1);
        longer.set(enc);
        longer[enc.length] = extra;
        expect(thrown(longer)).toBeInstanceOf(CborError);
      }),
      { numRuns: 200 },
    );
  });
});
