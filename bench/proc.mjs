// Reads a server's process tree from /proc (Linux only): which pids, their CPU time (utime+stime) and VmRSS.
// Must only read: stopping processes is targets.mjs's job.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // getconf missing: 100 is Linux's USER_HZ everywhere we run.
}

/** Fields of /proc/<pid>/stat after the command (which may hold spaces and parentheses). */
function statFields(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

/** Root pid and all its living descendants, each as { pid, start } (start tells a reused pid apart). */
export function processTree(rootPid) {
  const children = new Map();
  const starts = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(name);
    if (!f) continue;
    const pid = Number(name);
    const ppid = Number(f[1]); // field 4 of stat
    starts.set(pid, f[19]); // field 22: starttime
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  if (!starts.has(rootPid)) return [];
  const out = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift();
    out.push({ pid, start: starts.get(pid) });
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Is this exact process (pid and start time) still alive? */
export function isAlive({ pid, start }) {
  const f = statFields(pid);
  return !!f && f[19] === start && f[0] !== 'Z';
}

/** CPU milliseconds (user + system) used so far by the tree under rootPid. */
export function treeCpuMs(rootPid) {
  let ticks = 0;
  for (const { pid } of processTree(rootPid)) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]); // fields 14 and 15: utime, stime
  }
  return (ticks * 1000) / clkTck;
}

/** Resident memory in bytes, summed over the tree under rootPid (VmRSS of each process). */
export function treeRssBytes(rootPid) {
  let kb = 0;
  for (const { pid } of processTree(rootPid)) {
    try {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // exited between the listing and the read
    }
  }
  return kb * 1024;
}

/** A process's command name, for reports ("node", "workerd"). */
export function commandName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}
