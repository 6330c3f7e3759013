// A shard's write rate, per whole second over the last few seconds: what on-demand scaling reads (is this shard hot
// for a sustained window?) and what write throttling reads (how much did this second take?). In memory only: a
// shard object that is evicted starts measuring again, which can only delay a split, never cause one.
// Must not know about streams or modes: callers pass the rates they compare against.

interface Second {
  /** Epoch second this slot counts; a slot holding an older second is stale and read as zero. */
  at: number;
  bytes: number;
  records: number;
}

export class WriteMeter {
  private readonly slots: Second[];

  /** `seconds`: how many whole seconds back the meter can answer for, the current one not included. */
  constructor(private readonly seconds: number) {
    this.slots = Array.from({ length: seconds + 1 }, () => ({ at: -1, bytes: 0, records: 0 }));
  }

  private slot(second: number): Second {
    return this.slots[second % this.slots.length];
  }

  /** Counts a write of `records` records and `bytes` bytes (partition keys and data) at `nowMs`. */
  add(nowMs: number, bytes: number, records: number): void {
    const second = Math.floor(nowMs / 1000);
    const s = this.slot(second);
    if (s.at !== second) {
      s.at = second;
      s.bytes = 0;
      s.records = 0;
    }
    s.bytes += bytes;
    s.records += records;
  }

  /** What the second of `nowMs` has taken so far. */
  current(nowMs: number): { bytes: number; records: number } {
    const second = Math.floor(nowMs / 1000);
    const s = this.slot(second);
    return s.at === second ? { bytes: s.bytes, records: s.records } : { bytes: 0, records: 0 };
  }

  /**
   * True when each of the `this.seconds` whole seconds before the one of `nowMs` took more than `bytesPerSec` bytes or
   * more than `recordsPerSec` records: a sustained rate, not one burst.
   */
  sustainedAbove(nowMs: number, bytesPerSec: number, recordsPerSec: number): boolean {
    const second = Math.floor(nowMs / 1000);
    for (let back = 1; back <= this.seconds; back++) {
      const s = this.slot(second - back);
      if (s.at !== second - back || (s.bytes <= bytesPerSec && s.records <= recordsPerSec)) return false;
    }
    return true;
  }

  /** Forgets everything: after a shard asked to be split, it measures a whole new window before asking again. */
  reset(): void {
    for (const s of this.slots) s.at = -1;
  }
}
