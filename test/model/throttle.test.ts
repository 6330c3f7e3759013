// AWS's per-shard rates as arithmetic (src/model/throttle.ts): which of a put's records fit this second, the GetRecords
// budget of 5 calls and 2 MiB a second with a big reply's debt carried on, one SubscribeToShard per second per key.
// Expected values are AWS's numbers written out here, not read from src/limits.ts.
import { describe, expect, it } from 'vitest';
import { admitWrites, IntervalGate, ReadBudget, readThrottleMode, utf8Length } from '../../src/model/throttle';

const MiB = 1024 * 1024;
const WRITE = { bytesPerSec: MiB, recordsPerSec: 1000 };
const T = 2_000_000_000_000; // a whole second, in ms

describe('admitWrites', () => {
  it('takes 1,000 records in a second and refuses the 1,001st', () => {
    expect(admitWrites({ bytes: 0, records: 0 }, Array(1000).fill(10), WRITE).every(Boolean)).toBe(true);
    expect(admitWrites({ bytes: 0, records: 999 }, [10, 10], WRITE)).toEqual([true, false]);
    expect(admitWrites({ bytes: 0, records: 1000 }, [1], WRITE)).toEqual([false]);
  });

  it('takes exactly 1 MiB (data and keys) and refuses one byte more', () => {
    expect(admitWrites({ bytes: 0, records: 0 }, [MiB], WRITE)).toEqual([true]);
    expect(admitWrites({ bytes: 0, records: 0 }, [MiB + 1], WRITE)).toEqual([false]);
    expect(admitWrites({ bytes: MiB - 100, records: 1 }, [100, 1], WRITE)).toEqual([true, false]);
  });

  it('does not count a refused record: a smaller one after it may still fit', () => {
    expect(admitWrites({ bytes: MiB - 10, records: 0 }, [20, 10, 1], WRITE)).toEqual([false, true, false]);
  });
});

describe('ReadBudget (5 calls/s, 2 MiB/s)', () => {
  const budget = () => new ReadBudget({ callsPerSec: 5, bytesPerSec: 2 * MiB });

  it('admits 5 calls in a second, refuses the 6th, and admits again in the next second', () => {
    const b = budget();
    for (let i = 0; i < 5; i++) expect(b.admit(T + i * 100)).toBe(true);
    expect(b.admit(T + 999)).toBe(false);
    expect(b.admit(T + 1000)).toBe(true);
  });

  it('refuses further calls in a second once 2 MiB were read in it', () => {
    const b = budget();
    expect(b.admit(T)).toBe(true);
    b.spend(T, 2 * MiB - 1);
    expect(b.admit(T + 10)).toBe(true); // under 2 MiB so far
    b.spend(T + 10, 1);
    expect(b.admit(T + 20)).toBe(false);
    expect(b.admit(T + 1000)).toBe(true);
  });

  it('after a 10 MiB reply, refuses calls through the next 4 whole seconds (5 s of debt) and then admits', () => {
    const b = budget();
    expect(b.admit(T)).toBe(true);
    b.spend(T, 10 * MiB);
    for (const at of [T + 1, T + 1000, T + 2500, T + 3999, T + 4999]) expect(b.admit(at)).toBe(false);
    expect(b.admit(T + 5000)).toBe(true);
  });

  it('does not count refused calls', () => {
    const b = budget();
    for (let i = 0; i < 5; i++) b.admit(T);
    for (let i = 0; i < 20; i++) expect(b.admit(T + 500)).toBe(false);
    for (let i = 0; i < 5; i++) expect(b.admit(T + 1000)).toBe(true);
  });
});

describe('IntervalGate (one call per second per key)', () => {
  it('refuses a second call within 1,000 ms for the same key, not for another key', () => {
    const g = new IntervalGate(1000, 64);
    expect(g.admit('a', T)).toBe(true);
    expect(g.admit('a', T + 999)).toBe(false);
    expect(g.admit('b', T + 999)).toBe(true);
    expect(g.admit('a', T + 1000)).toBe(true);
  });

  it('stays bounded: keys older than the interval are forgotten when full, recent ones kept', () => {
    const g = new IntervalGate(1000, 3);
    g.admit('old1', T);
    g.admit('old2', T);
    g.admit('recent', T + 1500);
    expect(g.admit('new', T + 2100)).toBe(true); // full: the two old ones go
    expect(g.admit('recent', T + 2100)).toBe(false); // kept, still within its second
  });
});

describe('utf8Length and readThrottleMode', () => {
  it('counts UTF-8 bytes as Buffer does', () => {
    for (const s of ['', 'pk', 'é', '€', '😀', 'a😀b€é', '\ud800x']) expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
  });

  it('reads THROTTLE: unset/empty/off is off, aws is aws, anything else is aws and flagged unknown', () => {
    expect(readThrottleMode(undefined)).toEqual({ mode: 'off', known: true });
    expect(readThrottleMode('')).toEqual({ mode: 'off', known: true });
    expect(readThrottleMode('off')).toEqual({ mode: 'off', known: true });
    expect(readThrottleMode('aws')).toEqual({ mode: 'aws', known: true });
    expect(readThrottleMode('AWS')).toEqual({ mode: 'aws', known: false });
    expect(readThrottleMode('on')).toEqual({ mode: 'aws', known: false });
  });
});
