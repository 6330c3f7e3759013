// Enhanced fan-out's rate: a consumer receives "up to 2 MiB per second for every shard you subscribe to"
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html). Plain arithmetic over a
// clock passed in; the subscription (src/objects/subscribers.ts) holds the state and the timer. Only used with
// THROTTLE=aws (docs/aws-behaviour.md, "Throttling and fault injection"). Must not do I/O or read a clock itself.

/** One subscription's pacing state: bytes sent and not yet paid back as of the whole clock second `second`. */
export interface PaceState {
  readonly second: number;
  readonly owed: number;
}

/** A subscription that has sent nothing yet. */
export const FRESH_PACE: PaceState = { second: -1, owed: 0 };

export type PaceDecision = { send: true; state: PaceState } | { send: false; retryAtMs: number };

/** The state as of `nowMs`: each whole second that began since pays back `bytesPerSec` of what was sent. */
function settle(state: PaceState, nowMs: number, bytesPerSec: number): PaceState {
  const second = Math.floor(nowMs / 1000);
  // A clock that went back keeps the later second: time never pays back twice.
  if (second <= state.second) return state;
  const elapsed = state.second < 0 ? Infinity : second - state.second;
  return { second, owed: Math.max(0, state.owed - elapsed * bytesPerSec) };
}

/** How many bytes an event may carry at `nowMs` without waiting (0: the next event waits, unless nothing is owed). */
export function paceRoom(state: PaceState, nowMs: number, bytesPerSec: number): number {
  return Math.max(0, bytesPerSec - settle(state, nowMs, bytesPerSec).owed);
}

/**
 * Whether an event of `bytes` (data and partition keys) goes out at `nowMs`. It does while what is owed plus it stays
 * within `bytesPerSec`, or when nothing is owed: an event is never split below one record, so one record larger than
 * the rate goes out alone and its excess is paid back over the following seconds (as GetRecords' ReadBudget does),
 * which keeps the average at the rate [OURS]. Otherwise it waits for the next whole second, when the state is asked
 * again. An event without records (a heartbeat, the shard's end) is not paced: callers do not ask.
 */
export function paceEvent(state: PaceState, nowMs: number, bytes: number, bytesPerSec: number): PaceDecision {
  const now = settle(state, nowMs, bytesPerSec);
  if (now.owed === 0 || now.owed + bytes <= bytesPerSec) return { send: true, state: { second: now.second, owed: now.owed + bytes } };
  return { send: false, retryAtMs: (now.second + 1) * 1000 };
}
