// The shard's write meter (src/objects/write-meter.ts): per-second counts, "sustained" meaning every one of the last
// N whole seconds, one burst never enough.
import { describe, expect, it } from 'vitest';
import { WriteMeter } from '../../src/objects/write-meter';

const T = 1_000_000_000_000; // a whole second, in ms

describe('WriteMeter', () => {
  it('is sustained only when each of the last N whole seconds passed a rate', () => {
    const m = new WriteMeter(3);
    for (let s = 0; s < 3; s++) m.add(T + s * 1000 + 10, 600, 1);
    expect(m.sustainedAbove(T + 2500, 500, 1000)).toBe(false); // the current second does not count yet
    expect(m.sustainedAbove(T + 3000, 500, 1000)).toBe(true);
    expect(m.sustainedAbove(T + 3000, 600, 1000)).toBe(false); // "above", not "at"
    expect(m.sustainedAbove(T + 4000, 500, 1000)).toBe(false); // a quiet second breaks it
  });

  it('counts records as well as bytes', () => {
    const m = new WriteMeter(2);
    m.add(T, 10, 501);
    m.add(T + 1000, 10, 501);
    expect(m.sustainedAbove(T + 2000, 1_000_000, 500)).toBe(true);
  });

  it('one burst, however big, is not sustained', () => {
    const m = new WriteMeter(3);
    m.add(T + 2000, 100 * 1024 * 1024, 10_000);
    expect(m.sustainedAbove(T + 3000, 500, 500)).toBe(false);
  });

  it('reads the current second and forgets everything on reset', () => {
    const m = new WriteMeter(2);
    m.add(T, 100, 2);
    m.add(T + 999, 50, 1);
    expect(m.current(T + 500)).toEqual({ bytes: 150, records: 3 });
    expect(m.current(T + 1000)).toEqual({ bytes: 0, records: 0 });
    m.add(T + 1000, 900, 1);
    m.add(T + 2000, 900, 1);
    m.reset();
    expect(m.sustainedAbove(T + 3000, 500, 500)).toBe(false);
  });

  it('ignores a slot left from a second the ring went round past', () => {
    const m = new WriteMeter(2);
    for (let s = 0; s < 3; s++) m.add(T + s * 1000, 900, 1);
    // Three seconds later the ring's slots hold seconds 0-2, none of the two before now.
    expect(m.sustainedAbove(T + 6000, 500, 500)).toBe(false);
  });
});
