import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  endingSequenceNumber,
  formatSequenceNumber,
  parseSequenceNumber,
  startingSequenceNumber,
} from '../../src/model/sequence-number';
import { MAX_SEQUENCE_COUNTER } from '../../src/limits';

const parts = fc.record({
  shardCreatedAtSec: fc.integer({ min: 0, max: 0xfffffffff }),
  shardIndex: fc.integer({ min: 0, max: 0x7fffffff }),
  counter: fc.bigInt({ min: 0n, max: MAX_SEQUENCE_COUNTER }),
  recordAtSec: fc.integer({ min: 0, max: 0xfffffffff }),
});

const hexToDecimal = (hex: string) => BigInt('0x' + hex).toString();
/** The 47 hex digits of a version-2 value, field by field, so each test names what it changes. */
const layout = (f: { created?: string; nibble?: string; counter?: string; byte?: string; at?: string; index?: string; version?: string; lead?: string }) =>
  (f.lead ?? '2') + (f.created ?? '000000000') + (f.nibble ?? '0') + (f.counter ?? '0'.repeat(16)) + (f.byte ?? '00') +
  (f.at ?? '000000000') + (f.index ?? '00000000') + (f.version ?? '2');

describe('parseSequenceNumber', () => {
  it('decodes a real AWS sequence number from December 2025', () => {
    // vdesabou/kafka-docker-playground#7402: shard created 18:48:54, record put 18:49:58 (UTC).
    expect(parseSequenceNumber('49669554613075263284170738169223374761157254194237800450')).toEqual({
      shardCreatedAtSec: 1764787734,
      shardIndex: 0,
      counter: 5536151034n,
      recordAtSec: 1764787798,
    });
  });

  it('decodes the Lambda docs example whose shard index is 6', () => {
    // Its eventID names shardId-000000000006 and its approximateArrivalTimestamp is 1545084650.987.
    expect(parseSequenceNumber('49590338271490256608559692538361571095921575989136588898')).toEqual({
      shardCreatedAtSec: 1542776258,
      shardIndex: 6,
      counter: 1734642199n,
      recordAtSec: 1545084650,
    });
  });

  it('refuses values of other versions and sizes', () => {
    expect(parseSequenceNumber('0')).toBeNull();
    expect(parseSequenceNumber('5')).toBeNull();
    expect(parseSequenceNumber('21269319989652663814458848515492872193')).toBeNull(); // version 0, from the docs
    expect(parseSequenceNumber(hexToDecimal(layout({ lead: '3' })))).toBeNull();
    expect(parseSequenceNumber(hexToDecimal(layout({ version: '1' })))).toBeNull();
    expect(parseSequenceNumber(hexToDecimal(layout({})))).not.toBeNull();
  });

  it('refuses a counter or shard index with the top bit set, as AWS did', () => {
    // kinesalite test/getShardIterator.js: "8 in index" and "8 near end" are invalid on AWS.
    expect(hexToDecimal(layout({ counter: '8' + '0'.repeat(15) }))).toBe(hexToDecimal('20000000000800000000000000000000000000000000002'));
    expect(parseSequenceNumber(hexToDecimal('20000000000800000000000000000000000000000000002'))).toBeNull();
    expect(parseSequenceNumber(hexToDecimal('20000000000000000000000000000000000000800000002'))).toBeNull();
  });

  it('refuses a shard nibble that disagrees with the shard index, and a non-zero byte at [27-28]', () => {
    expect(parseSequenceNumber(hexToDecimal(layout({ nibble: '1' })))).toBeNull();
    expect(parseSequenceNumber(hexToDecimal(layout({ nibble: '1', index: '00000011' })))).not.toBeNull();
    expect(parseSequenceNumber(hexToDecimal(layout({ byte: '01' })))).toBeNull();
  });

  it('refuses non-decimal spellings', () => {
    for (const s of ['', ' 49669554613075263284170738169223374761157254194237800450', '0x2', '4.9e55', '-1'])
      expect(parseSequenceNumber(s)).toBeNull();
    expect(parseSequenceNumber('0' + '49669554613075263284170738169223374761157254194237800450')).toBeNull();
  });
});

describe('formatSequenceNumber', () => {
  it('writes the fields at AWS\'s hex positions', () => {
    const s = formatSequenceNumber({ shardCreatedAtSec: 0x123456789, shardIndex: 0x1234567a, counter: 0x0123456789abcdefn, recordAtSec: 0xabcdef012 });
    expect(BigInt(s).toString(16)).toBe(layout({ created: '123456789', nibble: 'a', counter: '0123456789abcdef', at: 'abcdef012', index: '1234567a' }));
  });

  it('re-encodes the real December 2025 value exactly', () => {
    expect(formatSequenceNumber({ shardCreatedAtSec: 1764787734, shardIndex: 0, counter: 5536151034n, recordAtSec: 1764787798 }))
      .toBe('49669554613075263284170738169223374761157254194237800450');
  });

  it('round-trips any parts', () => {
    fc.assert(fc.property(parts, (p) => {
      expect(parseSequenceNumber(formatSequenceNumber(p))).toEqual(p);
    }));
  });

  it('always prints 56 decimal digits', () => {
    fc.assert(fc.property(parts, (p) => /^[1-9][0-9]{55}$/.test(formatSequenceNumber(p))));
    expect(formatSequenceNumber({ shardCreatedAtSec: 0, shardIndex: 0, counter: 0n, recordAtSec: 0 })).toHaveLength(56);
  });

  it('orders records of one shard by counter, whatever their record times', () => {
    fc.assert(fc.property(parts, fc.bigInt({ min: 1n, max: MAX_SEQUENCE_COUNTER }), fc.integer({ min: 0, max: 0xfffffffff }), (p, bump, laterTime) => {
      fc.pre(p.counter + bump <= MAX_SEQUENCE_COUNTER);
      const a = BigInt(formatSequenceNumber(p));
      const b = BigInt(formatSequenceNumber({ ...p, counter: p.counter + bump, recordAtSec: laterTime }));
      return b > a;
    }));
  });

  it('rejects parts that do not fit the layout', () => {
    const ok = { shardCreatedAtSec: 1, shardIndex: 0, counter: 0n, recordAtSec: 1 };
    expect(() => formatSequenceNumber({ ...ok, counter: MAX_SEQUENCE_COUNTER + 1n })).toThrow(RangeError);
    expect(() => formatSequenceNumber({ ...ok, counter: -1n })).toThrow(RangeError);
    expect(() => formatSequenceNumber({ ...ok, shardIndex: 2147483648 })).toThrow(RangeError);
    expect(() => formatSequenceNumber({ ...ok, recordAtSec: 1.5 })).toThrow(RangeError);
    expect(() => formatSequenceNumber({ ...ok, shardCreatedAtSec: 16 ** 9 })).toThrow(RangeError);
  });
});

describe('starting and ending sequence numbers', () => {
  it('starts a shard at counter 0 and its creation time', () => {
    const s = startingSequenceNumber(1764787734, 5);
    expect(BigInt(s).toString(16)).toBe(layout({ created: '069308616', nibble: '5', at: '069308616', index: '00000005' }));
    expect(parseSequenceNumber(s)).toEqual({ shardCreatedAtSec: 1764787734, shardIndex: 5, counter: 0n, recordAtSec: 1764787734 });
  });

  it('ends a closed shard at counter 0x7fffffffffffffff and its close time', () => {
    const s = endingSequenceNumber(1764787734, 5, 1764790000);
    expect(parseSequenceNumber(s)).toEqual({ shardCreatedAtSec: 1764787734, shardIndex: 5, counter: 0x7fffffffffffffffn, recordAtSec: 1764790000 });
  });

  it('puts every record of the shard between the two', () => {
    fc.assert(fc.property(parts, (p) => {
      fc.pre(p.counter > 0n && p.counter < MAX_SEQUENCE_COUNTER);
      const seq = BigInt(formatSequenceNumber(p));
      return BigInt(startingSequenceNumber(p.shardCreatedAtSec, p.shardIndex)) < seq
        && seq < BigInt(endingSequenceNumber(p.shardCreatedAtSec, p.shardIndex, 0));
    }));
  });
});
