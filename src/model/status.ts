// Stream status derived on read from stored timestamps: no timers, no alarms (docs/architecture.md).
// Must not store or mutate anything; the same inputs always give the same status.

export type StreamStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'GONE';

export interface StreamTimes {
  createdAt: number;
  activeAt: number;
  // null or absent: not set (objects store SQL NULLs).
  deletingAt?: number | null;
  goneAt?: number | null;
  updatingUntil?: number | null;
}

/**
 * GONE once now >= goneAt; DELETING from deletingAt (it overrides CREATING and UPDATING: AWS lets a CREATING
 * stream be deleted, aws-behaviour §3.0); CREATING while now < activeAt; UPDATING while now < updatingUntil; else ACTIVE.
 */
export function streamStatus(t: StreamTimes, now: number): StreamStatus {
  if (t.goneAt != null && now >= t.goneAt) return 'GONE';
  if (t.deletingAt != null && now >= t.deletingAt) return 'DELETING';
  if (now < t.activeAt) return 'CREATING';
  if (t.updatingUntil != null && now < t.updatingUntil) return 'UPDATING';
  return 'ACTIVE';
}
