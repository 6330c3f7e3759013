// An exclusive lock on a data directory, so that two servers never open the same SQLite files.
// Not proper-lockfile: it tells a stale lock by mtime only, so after a SIGKILL a restart would be refused until the
// stale timeout passes, and it keeps no owner pid to name. This lock records the owner's pid and start time (from
// /proc where there is one, so a reused pid does not look alive) and takes a dead owner's lock over at once.
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'kinesis-edge.lock';

export class LockedError extends Error {
  /** @param {string} dir @param {number} pid */
  constructor(dir, pid) {
    super(`${dir} is in use by another kinesis-edge (pid ${pid})`);
    this.pid = pid;
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null where there is no /proc. */
/** @param {number} pid */
export function startTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): a zombie has finished running.
    return fields[0] === 'Z' ? 'zombie' : fields[19];
  } catch {
    return null;
  }
}

/** Whether the process that wrote `owner` ({ pid, start }) still runs. */
/** @param {Owner} owner */
export function alive(owner) {
  if (!(owner.pid > 0)) return false;
  // Our own pid in the lock is this process only if the start matches (a container restarted keeps its pids).
  if (owner.pid === process.pid) return owner.start !== null && owner.start === startTime(process.pid);
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  const now = startTime(owner.pid);
  if (now === 'zombie') return false;
  // Without /proc (or without a recorded start) the pid's existence is all there is to go by.
  return now === null || owner.start === null || now === owner.start;
}

/** @typedef {{ pid: number, start: string | null }} Owner what a lock file says */

/** @param {string} file @returns {Owner | undefined} */
function readOwner(file) {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Number.isSafeInteger(owner?.pid) && owner.pid > 0 ? { pid: owner.pid, start: owner.start ?? null } : { pid: 0, start: null };
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    // Unreadable or not ours: nobody can be shown as the owner, so it counts as dead.
    return { pid: 0, start: null };
  }
}

/**
 * Takes `<dir>/kinesis-edge.lock` or throws LockedError naming the live owner. Returns release(), which removes
 * the lock only while it is still this process's (safe to call from an 'exit' handler, more than once).
 * @param {string} dir
 * @returns {() => void}
 */
export function acquireLock(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, start: startTime(process.pid) });
  // Written in full first and then linked into place: link is atomic and refuses an existing name, so no reader
  // ever sees a half-written lock and exactly one of two racing servers wins.
  const draft = `${file}.${process.pid}`;
  fs.writeFileSync(draft, mine);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(draft, file);
        return () => release(file, mine);
      } catch (err) {
        if (err.code !== 'EEXIST') throw err;
      }
      const owner = readOwner(file);
      if (owner === undefined) continue;
      if (alive(owner)) throw new LockedError(dir, owner.pid);
      takeOver(file, owner);
    }
    throw new Error(`could not lock ${dir}: it keeps changing hands`);
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/**
 * Moves a dead owner's lock aside, and puts it back if a live server took the name in between.
 * @param {string} file
 * @param {Owner} dead
 */
function takeOver(file, dead) {
  const aside = `${file}.stale.${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if (err.code === 'ENOENT') return;
    throw err;
  }
  const moved = readOwner(aside);
  if (moved && (moved.pid !== dead.pid || moved.start !== dead.start)) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // Yet another server holds the name now; the next attempt finds it.
    }
  }
  fs.rmSync(aside, { force: true });
}

/** @param {string} file @param {string} mine */
function release(file, mine) {
  try {
    if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
  } catch {
    // Already gone.
  }
}
