// Runs one operation from N concurrent callers until a count or a deadline is reached, and measures it:
// per-call latency, errors (count + first message), client CPU and the server tree's CPU. Owns no verification.
import { performance } from 'node:perf_hooks';
import { treeCpuMs } from './proc.mjs';

const MAX_ERRORS = 50; // stop a phase that only fails: the count and the first message are what we report

/**
 * op(i) is called with i = 0, 1, 2 ... (each once). Resolves { ops, elapsedMs, latencies, errors, timedOut, cpu }.
 * cpu: { clientMs, serverMs } spent during the phase (process.cpuUsage of this process; /proc of the server tree).
 * @param {{ concurrency: number, maxOps: number, maxMs: number, op: (i: number) => Promise<unknown>, serverPid?: number }} options
 */
export async function runLoad({ concurrency, maxOps, maxMs, op, serverPid }) {
  const latencies = new Float64Array(maxOps);
  const errors = { count: 0, first: undefined };
  let next = 0;
  let done = 0;
  const meter = startMeter(serverPid);
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  const caller = async () => {
    while (next < maxOps && performance.now() < deadline && errors.count < MAX_ERRORS) {
      const i = next++;
      const t = performance.now();
      try {
        await op(i);
        latencies[done++] = performance.now() - t;
      } catch (err) {
        errors.count++;
        errors.first ??= err?.message ?? String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, maxOps) }, caller));
  const elapsedMs = performance.now() - t0;
  return { ops: done, elapsedMs, latencies: latencies.subarray(0, done), errors, timedOut: next < maxOps && errors.count < MAX_ERRORS, cpu: meter.stop() };
}

/** CPU meter for a phase that is not a runLoad (a drain loop, a poller). */
export function startMeter(serverPid) {
  const client0 = process.cpuUsage();
  const server0 = serverPid ? treeCpuMs(serverPid) : 0;
  return {
    stop() {
      const c = process.cpuUsage(client0);
      return { clientMs: (c.user + c.system) / 1000, serverMs: serverPid ? treeCpuMs(serverPid) - server0 : 0 };
    },
  };
}

/** Microseconds of CPU per unit (op or record), for the report. */
export const cpuPerUnit = (cpu, units) => (units > 0 ? { server: (cpu.serverMs * 1000) / units, client: (cpu.clientMs * 1000) / units } : { server: NaN, client: NaN });
