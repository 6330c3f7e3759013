import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatShardId, parseShardIdLenient } from '../../src/model/shard-id';

describe('formatShardId', () => {
  it('pads the index to 12 digits after shardId-', () => {
    expect(formatShardId(0)).toBe('shardId-000000000000');
    expect(formatShardId(5)).toBe('shardId-000000000005');
    expect(formatShardId(2147483647)).toBe('shardId-002147483647');
  });
});

describe('parseShardIdLenient', () => {
  it('resolves the spellings AWS accepted in kinesalite\'s recorded tests', () => {
    expect(parseShardIdLenient('shardId-000000000005')).toBe(5);
    expect(parseShardIdLenient('shardId-5')).toBe(5);
    expect(parseShardIdLenient('shard-0')).toBe(0);
    expect(parseShardIdLenient('foo-0')).toBe(0);
    expect(parseShardIdLenient('5')).toBe(5);
    expect(parseShardIdLenient('2147483647')).toBe(2147483647);
    expect(parseShardIdLenient('-00002147483647')).toBe(2147483647);
    expect(parseShardIdLenient('a-00002147483647')).toBe(2147483647);
    expect(parseShardIdLenient('test_stream_1-2147483647')).toBe(2147483647);
  });

  it('refuses the spellings AWS answered with "Could not find shard"', () => {
    expect(parseShardIdLenient('ABKLFD8')).toBeNull();
    expect(parseShardIdLenient('2.14E4')).toBeNull();
    expect(parseShardIdLenient('2147483648')).toBeNull();
    expect(parseShardIdLenient('shardId-002147483648')).toBeNull();
  });

  it('falls back to the whole string when nothing follows the dash', () => {
    expect(parseShardIdLenient('shardId-')).toBeNull();
    expect(parseShardIdLenient('7-')).toBeNull();
    expect(parseShardIdLenient('')).toBeNull();
  });

  it('reads only the segment between the first and second dash, as kinesalite does', () => {
    expect(parseShardIdLenient('shardId-3-x')).toBe(3);
    expect(parseShardIdLenient('shardId-x-3')).toBeNull();
  });

  it('refuses huge digit strings without losing precision', () => {
    expect(parseShardIdLenient('shardId-' + '9'.repeat(30))).toBeNull();
    expect(parseShardIdLenient('0'.repeat(40) + '12')).toBe(12);
  });

  it('inverts formatShardId for every index', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2147483647 }), (i) => parseShardIdLenient(formatShardId(i)) === i));
  });
});
