import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeIterator, encodeIterator, isIteratorExpired, type IteratorState } from '../../src/model/iterator';
import { ITERATOR_TTL_MS } from '../../src/limits';

const KEY = 'test-iterator-key';
const base: IteratorState = {
  account: '123456789012',
  region: 'us-east-1',
  streamName: 'orders',
  streamCreatedAt: 1_700_000_000_123,
  shardIndex: 3,
  afterCounter: 5536151034n,
  issuedAt: 1_700_000_100_456,
};
const longest: IteratorState = {
  ...base,
  region: 'ap-southeast-7-' + 'x'.repeat(49), // 64 characters, far longer than any real region
  streamName: 'a'.repeat(128),
  streamCreatedAt: Number.MAX_SAFE_INTEGER,
  shardIndex: 2147483647,
  afterCounter: 0x7fffffffffffffffn,
  issuedAt: Number.MAX_SAFE_INTEGER,
};

const states = fc.record({
  account: fc.string({ unit: 'binary', maxLength: 12 }),
  region: fc.string({ unit: 'binary', maxLength: 32 }),
  streamName: fc.stringMatching(/^[a-zA-Z0-9_.-]{1,128}$/),
  streamCreatedAt: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  shardIndex: fc.integer({ min: 0, max: 2147483647 }),
  afterCounter: fc.bigInt({ min: -1n, max: 0x7fffffffffffffffn }),
  issuedAt: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
});
const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

describe('encodeIterator', () => {
  it('starts with the 8 bytes 00..01 like AWS iterators, in padded standard base64', () => {
    const token = encodeIterator(base, KEY);
    // 'AAAAAAAAAA' then E, F, G or H by the tag's first bits: AWS's own start with E or F (aws-behaviour §4.2 and public samples).
    expect(token).toMatch(/^AAAAAAAAAA[EFGH]/);
    expect([...Buffer.from(token, 'base64').subarray(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(token.length % 4).toBe(0);
    expect((Buffer.from(token, 'base64').length - 8) % 16).toBe(0);
  });

  it('stays within 512 characters for a 128-character stream name and a 64-character region', () => {
    const token = encodeIterator(longest, KEY);
    expect(token.length).toBeLessThanOrEqual(512);
    expect(decodeIterator(token, KEY)).toEqual(longest);
  });

  it('does not show the stream name, region or account in the clear', () => {
    const bytes = Buffer.from(encodeIterator(longest, KEY), 'base64');
    expect(bytes.includes(Buffer.from('aaaaaaaa'))).toBe(false);
    expect(bytes.includes(Buffer.from('ap-southeast'))).toBe(false);
    expect(bytes.includes(Buffer.from('123456789012'))).toBe(false);
  });

  it('refuses a state that cannot fit in 512 characters', () => {
    expect(() => encodeIterator({ ...longest, region: 'r'.repeat(200) }, KEY)).toThrow(RangeError);
  });

  it('refuses a state outside the layout', () => {
    expect(() => encodeIterator({ ...base, shardIndex: -1 }, KEY)).toThrow(RangeError);
    expect(() => encodeIterator({ ...base, issuedAt: 1.5 }, KEY)).toThrow(RangeError);
    expect(() => encodeIterator({ ...base, afterCounter: 2n ** 63n }, KEY)).toThrow(RangeError);
  });
});

describe('decodeIterator', () => {
  it('round-trips any state', () => {
    fc.assert(fc.property(states, (s) => {
      const token = encodeIterator(s, KEY);
      expect(token.length).toBeLessThanOrEqual(512);
      expect(decodeIterator(token, KEY)).toEqual(s);
    }));
  });

  it('keeps afterCounter -1, the position before a shard\'s first record', () => {
    expect(decodeIterator(encodeIterator({ ...base, afterCounter: -1n }, KEY), KEY)?.afterCounter).toBe(-1n);
  });

  it('answers null when any single bit of the token flips', () => {
    fc.assert(fc.property(states, fc.nat(), fc.integer({ min: 0, max: 7 }), (s, at, bit) => {
      const bytes = Buffer.from(encodeIterator(s, KEY), 'base64');
      bytes[at % bytes.length] ^= 1 << bit;
      return decodeIterator(bytes.toString('base64'), KEY) === null;
    }));
  });

  it('answers null when any single character of the token changes', () => {
    fc.assert(fc.property(states, fc.nat(), fc.integer({ min: 1, max: BASE64_CHARS.length - 1 }), (s, at, shift) => {
      const token = encodeIterator(s, KEY);
      const i = at % token.length;
      const replacement = BASE64_CHARS[(BASE64_CHARS.indexOf(token[i]) + shift) % BASE64_CHARS.length];
      return decodeIterator(token.slice(0, i) + replacement + token.slice(i + 1), KEY) === null;
    }));
  });

  it('checks every character of a known token, one at a time', () => {
    const token = encodeIterator(longest, KEY);
    for (let i = 0; i < token.length; i++) {
      const replacement = token[i] === 'A' ? 'B' : 'A';
      expect(decodeIterator(token.slice(0, i) + replacement + token.slice(i + 1), KEY)).toBeNull();
    }
  });

  it('answers null for a token made under another key', () => {
    expect(decodeIterator(encodeIterator(base, KEY), 'another-key')).toBeNull();
  });

  it('answers null for truncated and extended tokens', () => {
    const token = encodeIterator(base, KEY);
    const bytes = Buffer.from(token, 'base64');
    expect(decodeIterator(bytes.subarray(0, bytes.length - 16).toString('base64'), KEY)).toBeNull();
    expect(decodeIterator(Buffer.concat([bytes, Buffer.alloc(16)]).toString('base64'), KEY)).toBeNull();
    expect(decodeIterator(token.slice(0, -4), KEY)).toBeNull();
    expect(decodeIterator(token + 'AAAA', KEY)).toBeNull();
  });

  it('answers null, without throwing, for garbage of every shape', () => {
    const garbage = ['', 'A', 'AAAA', '====', 'AAAAAAAAAAE=', 'not base64 at all!', '\u0000'.repeat(100), 'A'.repeat(512), 'A'.repeat(513),
      'A'.repeat(10_000_000), Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), Buffer.alloc(72)]).toString('base64')];
    for (const g of garbage) expect(decodeIterator(g, KEY)).toBeNull();
    expect(decodeIterator(undefined as unknown as string, KEY)).toBeNull();
    expect(decodeIterator(42 as unknown as string, KEY)).toBeNull();
    fc.assert(fc.property(fc.string({ maxLength: 600 }), (g) => decodeIterator(g, KEY) === null));
    fc.assert(fc.property(fc.uint8Array({ minLength: 40, maxLength: 384 }), (bytes) => {
      bytes.set([0, 0, 0, 0, 0, 0, 0, 1]);
      return decodeIterator(Buffer.from(bytes).toString('base64'), KEY) === null;
    }));
  });
});

describe('isIteratorExpired', () => {
  it('keeps an iterator alive for exactly 300000 ms', () => {
    expect(ITERATOR_TTL_MS).toBe(300_000);
    expect(isIteratorExpired(base, base.issuedAt)).toBe(false);
    expect(isIteratorExpired(base, base.issuedAt + 300_000)).toBe(false);
    expect(isIteratorExpired(base, base.issuedAt + 300_001)).toBe(true);
  });
});
