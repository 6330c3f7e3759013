// Enhanced fan-out's 2 MiB per second per consumer per shard as arithmetic (src/model/fan-out-pace.ts): events fill
// a whole clock second up to 2 MiB, the next waits for the next second, one record over the rate goes out alone and
// its excess is paid back over the following seconds. Expected values are AWS's number written out here.
import { describe, expect, it } from 'vitest';
import { FRESH_PACE, paceEvent, paceRoom, type PaceState } from '../../src/model/fan-out-pace';

const MiB = 1024 * 1024;
const RATE = 2 * MiB;
const T = 2_000_000_000_000; // a whole second, in ms

/** Sends `bytes` at `now`, failing the test if the event has to wait. */
function sent(state: PaceState, now: number, bytes: number): PaceState {
  const d = paceEvent(state, now, bytes, RATE);
  if (!d.send) throw new Error(`expected ${bytes} bytes to go out at ${now}, told to wait until ${d.retryAtMs}`);
  return d.state;
}

describe('paceEvent (2 MiB/s)', () => {
  it('sends exactly 2 MiB within a second and makes one byte more wait for the next whole second', () => {
    let s = sent(FRESH_PACE, T + 10, MiB);
    s = sent(s, T + 500, MiB);
    expect(paceEvent(s, T + 999, 1, RATE)).toEqual({ send: false, retryAtMs: T + 1000 });
    expect(paceEvent(s, T + 1000, 1, RATE).send).toBe(true);
  });

  it('makes an event that would pass 2 MiB wait whole: it is not split', () => {
    const s = sent(FRESH_PACE, T, 1.5 * MiB);
    expect(paceEvent(s, T + 1, MiB, RATE)).toEqual({ send: false, retryAtMs: T + 1000 });
    // A smaller event still fits the rest of the second.
    expect(paceEvent(s, T + 1, 0.5 * MiB, RATE).send).toBe(true);
  });

  it('counts per whole clock second, not per sliding 1,000 ms', () => {
    const s = sent(FRESH_PACE, T + 999, RATE);
    expect(paceEvent(s, T + 1000, RATE, RATE).send).toBe(true);
  });

  it('sends one record larger than 2 MiB alone when nothing is owed, and pays its excess back over the next seconds', () => {
    let s = sent(FRESH_PACE, T, 10 * MiB);
    expect(paceEvent(s, T + 1, 1, RATE)).toEqual({ send: false, retryAtMs: T + 1000 });
    // 8 MiB owed after one second, 6 after two, 4 after three, 2 after four: even 1 byte waits while 2 MiB are owed.
    for (const second of [1, 2, 3]) expect(paceEvent(s, T + second * 1000, 1, RATE)).toEqual({ send: false, retryAtMs: T + (second + 1) * 1000 });
    expect(paceEvent(s, T + 4000, 1, RATE)).toEqual({ send: false, retryAtMs: T + 5000 });
    s = sent(s, T + 5000, RATE);
    expect(paceEvent(s, T + 5001, 1, RATE).send).toBe(false);
  });

  it('pays back every second that passed while the reader was idle, never below nothing owed', () => {
    const s = sent(FRESH_PACE, T, 6 * MiB);
    expect(paceRoom(s, T + 2000, RATE)).toBe(0); // 2 MiB still owed
    expect(paceRoom(s, T + 3000, RATE)).toBe(RATE);
    expect(paceRoom(s, T + 60_000, RATE)).toBe(RATE);
  });

  it('does not pay back twice when the clock goes back', () => {
    const s = sent(FRESH_PACE, T + 5000, RATE);
    expect(paceEvent(s, T + 1000, 1, RATE)).toEqual({ send: false, retryAtMs: T + 6000 });
  });
});

describe('paceRoom', () => {
  it('is the rest of the second\'s 2 MiB', () => {
    expect(paceRoom(FRESH_PACE, T, RATE)).toBe(RATE);
    expect(paceRoom(sent(FRESH_PACE, T, 0.5 * MiB), T + 400, RATE)).toBe(1.5 * MiB);
    expect(paceRoom(sent(FRESH_PACE, T, 0.5 * MiB), T + 1000, RATE)).toBe(RATE);
  });
});
