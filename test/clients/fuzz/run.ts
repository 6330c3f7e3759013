// The seed and the runner of the fuzz suite: one seed per run (fixed by default, so CI is repeatable), several
// fast-check runs side by side so the server sees concurrent keep-alive connections.
import fc from 'fast-check';

/** The default seed: CI runs the same cases every time. */
export const DEFAULT_SEED = 20261126;

/** FUZZ_SEED unset: the default; `random`: a fresh one; a number: that one (to reproduce a printed failure). */
export function fuzzSeed(env = process.env.FUZZ_SEED): number {
  if (env === undefined || env === '') return DEFAULT_SEED;
  if (env === 'random') return Math.floor(Math.random() * 2 ** 31);
  const n = Number(env);
  if (!Number.isSafeInteger(n)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${JSON.stringify(env)}`);
  return n;
}

/**
 * Runs `property` on `runs` values of `arb` in `lanes` concurrent fast-check runs (lane i uses seed + i), stopping a
 * lane at its first failure. Each lane's error names the run's seed, so FUZZ_SEED=<seed> replays the same requests.
 * Resolves with the number of cases run.
 */
export async function runLanes<T>(what: string, seed: number, arb: fc.Arbitrary<T>, runs: number, lanes: number, property: (value: T) => Promise<void>): Promise<number> {
  let count = 0;
  const perLane = Math.ceil(runs / lanes);
  const results = await Promise.allSettled(
    Array.from({ length: lanes }, (_, lane) =>
      fc.assert(
        fc.asyncProperty(arb, async (value) => {
          count++;
          await property(value);
        }),
        { numRuns: perLane, seed: seed + lane, endOnFailure: true },
      ),
    ),
  );
  // fast-check keeps the property's own error (what was wrong, the exact request and answer) as the cause.
  const report = (err: Error) => `${err.message}${err.cause instanceof Error ? `\n${err.cause.message}` : ''}`;
  const failed = results.flatMap((r, lane) => (r.status === 'rejected' ? [`lane ${lane}: ${report(r.reason as Error)}`] : []));
  if (failed.length) throw new Error(`${what} failed with FUZZ_SEED=${seed} (rerun with it to reproduce):\n\n${failed.join('\n\n')}`);
  return count;
}
