import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evenHashRanges, hashKeyOf, parseExplicitHashKey } from '../../src/model/hash-key';
import { MAX_HASH_KEY } from '../../src/limits';

describe('hashKeyOf', () => {
  it('reads the MD5 of the partition key as an unsigned big-endian integer', () => {
    // md5('a') = 0cc175b9c0f1b6a831c399e269772661
    expect(hashKeyOf('a')).toBe(16955237001963240173058271559858726497n);
    // md5('') = d41d8cd98f00b204e9800998ecf8427e: top bit set, so the value is not read as signed
    expect(hashKeyOf('')).toBe(281949768489412648962353822266799178366n);
  });

  it('hashes the UTF-8 bytes of non-ASCII keys', () => {
    expect(hashKeyOf('é')).toBe(136732923097551493579404309126273812335n);
  });

  it('always lands inside the hash-key space', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 256 }), (key) => {
      const h = hashKeyOf(key);
      return h >= 0n && h <= MAX_HASH_KEY;
    }));
  });
});

describe('evenHashRanges', () => {
  it('reproduces the three ranges AWS gave a 3-shard stream', () => {
    expect(evenHashRanges(3)).toEqual([
      { start: 0n, end: 113427455640312821154458202477256070484n },
      { start: 113427455640312821154458202477256070485n, end: 226854911280625642308916404954512140969n },
      { start: 226854911280625642308916404954512140970n, end: 340282366920938463463374607431768211455n },
    ]);
  });

  it('gives one shard the whole space', () => {
    expect(evenHashRanges(1)).toEqual([{ start: 0n, end: 340282366920938463463374607431768211455n }]);
  });

  it('tiles the space without gaps or overlaps, the last range ending at 2^128 - 1', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), (n) => {
      const ranges = evenHashRanges(n);
      expect(ranges).toHaveLength(n);
      expect(ranges[0].start).toBe(0n);
      expect(ranges[n - 1].end).toBe(MAX_HASH_KEY);
      for (let i = 1; i < n; i++) expect(ranges[i].start).toBe(ranges[i - 1].end + 1n);
    }));
  });

  it('rejects a shard count that is not a positive integer', () => {
    expect(() => evenHashRanges(0)).toThrow(RangeError);
    expect(() => evenHashRanges(1.5)).toThrow(RangeError);
  });
});

describe('parseExplicitHashKey', () => {
  it('accepts the bounds of the hash-key space', () => {
    expect(parseExplicitHashKey('0')).toBe(0n);
    expect(parseExplicitHashKey('340282366920938463463374607431768211455')).toBe(MAX_HASH_KEY);
  });

  it('refuses 2^128, the value AWS quotes in its InvalidArgumentException', () => {
    expect(parseExplicitHashKey('340282366920938463463374607431768211456')).toBeNull();
    expect(parseExplicitHashKey('9'.repeat(39))).toBeNull();
    expect(parseExplicitHashKey('1' + '0'.repeat(100))).toBeNull();
  });

  it('refuses anything that is not a decimal string', () => {
    for (const s of ['', '-1', '1e3', '0x10', ' 1', '1.0']) expect(parseExplicitHashKey(s)).toBeNull();
  });

  it('tolerates leading zeros, even past 39 digits', () => {
    expect(parseExplicitHashKey('007')).toBe(7n);
    expect(parseExplicitHashKey('0'.repeat(60) + '42')).toBe(42n);
  });

  it('round-trips every value in the space', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: MAX_HASH_KEY }), (v) => parseExplicitHashKey(v.toString()) === v));
  });
});
