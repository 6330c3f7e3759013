// The clock seam: every "now" in the emulator comes from a Clock passed in, so tests control time.
// Must not be read implicitly by model code: functions take `now` or a Clock as a parameter.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
