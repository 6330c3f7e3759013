import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/model/clock';

describe('systemClock', () => {
  it('reads the wall clock in epoch milliseconds', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
