// The server's process tree lives and dies as one: the workerd child is found and watched, a watchdog kills it
// (and removes the server's temp directory) when node dies without running its exit handlers (SIGKILL), and the
// server notices when the process that started it is gone.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUN_PREFIX = 'kinesis-edge-run-';

/**
 * A temp directory of our own, `<tmp>/kinesis-edge-run-<pid>-XXXXXX`, for Miniflare's temp files (see
 * withTmpDir). Directories of earlier runs whose pid no longer runs are removed first: those servers were killed
 * before they or their watchdog could clean up. A live pid keeps its directory, even a reused one.
 */
export function makeRunDir() {
  const base = os.tmpdir();
  for (const name of safeReaddir(base)) {
    const pid = Number(/^kinesis-edge-run-(\d+)-/.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !pidRuns(pid)) fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
  return fs.mkdtempSync(path.join(base, `${RUN_PREFIX}${process.pid}-`));
}

/** @param {string} dir */
function safeReaddir(dir) {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** @param {number} pid */
function pidRuns(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Runs `fn` with the system temp directory pointed at `dir`. Miniflare has no option for its temp directory: its
 * constructor makes `miniflare-<hash>` under os.tmpdir() and removes it only fire-and-forget on dispose, which a
 * process.exit right after never lets finish (a ~224 KB directory left per start). Inside our own directory, the
 * whole thing goes with one synchronous rm on every exit path.
 * @template T
 * @param {string} dir
 * @param {() => T} fn
 * @returns {T}
 */
export function withTmpDir(dir, fn) {
  const names = ['TMPDIR', 'TMP', 'TEMP'];
  const saved = names.map((n) => process.env[n]);
  for (const n of names) process.env[n] = dir;
  try {
    return fn();
  } finally {
    names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
  }
}

/**
 * Catches the workerd child Miniflare spawns (its Runtime keeps the ChildProcess private and nothing of it reaches
 * the API): child_process.spawn is wrapped until release(), and the first `workerd serve` spawned is kept. Miniflare
 * calls spawn through the shared module object, so the wrapper sees it.
 */
export function catchRuntime() {
  const original = childProcess.spawn;
  /** @type {childProcess.ChildProcess | undefined} */
  let runtime;
  /** @type {(this: unknown, ...args: unknown[]) => childProcess.ChildProcess} */
  const wrapper = function spawn(...args) {
    const child = Reflect.apply(original, this, args);
    if (!runtime && Array.isArray(args[1]) && args[1][0] === 'serve') runtime = child;
    return child;
  };
  childProcess.spawn = /** @type {typeof childProcess.spawn} */ (wrapper);
  return {
    get runtime() {
      return runtime;
    },
    release() {
      childProcess.spawn = original;
    },
  };
}

// Waits for its stdin (a pipe only node holds) to close, which happens however node ends, then kills workerd and
// removes the run directory. Node kills this watchdog first on every exit it runs itself, so it acts only when node
// was killed outright. Its own session, so a Ctrl-C or a kill of node's process group leaves it to do its job.
const WATCHDOG = 'read -r _; kill -KILL "$1" 2>/dev/null; rm -rf "$2"';

/** Starts the watchdog for workerd `runtimePid` and `runDir`; undefined where there is no POSIX shell. */
/** @param {number | undefined} runtimePid @param {string} runDir */
export function startWatchdog(runtimePid, runDir) {
  if (process.platform === 'win32') return undefined;
  const watchdog = childProcess.spawn('/bin/sh', ['-c', WATCHDOG, 'kinesis-edge-watchdog', String(runtimePid), runDir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // Never written to; an EPIPE after the watchdog was killed is of no interest.
  watchdog.stdin.on('error', () => {});
  /** @type {import('node:net').Socket} */ (watchdog.stdin).unref();
  watchdog.unref();
  return watchdog;
}

/**
 * Calls `onGone` once the process that started this one has exited. An orphan is re-parented (to init or a
 * subreaper), so its parent pid changes; polled, because nothing signals it (no prctl(PR_SET_PDEATHSIG) in Node).
 * A parent pid of 0 or 1 at start means there is no starter to outlive (a container's init, a daemon).
 */
/** @param {(parent: number) => void} onGone */
export function watchParent(onGone, intervalMs = 500) {
  const parent = process.ppid;
  if (parent <= 1) return () => {};
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone(parent);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
