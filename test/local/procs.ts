// Process inspection for the process-* tests: children, command lines and liveness from /proc (Linux, where CI
// runs), and a temp directory per server so that what a server leaves behind can be seen apart from other runs.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { poll } from '../clients/sdk';

/** The child processes of `pid`, from /proc. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The command line of `pid`, arguments joined by spaces ('' once it is gone). */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Whether `pid` still runs (a zombie waiting to be reaped does not count). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The first descendant of `pid` whose command line `matches`, waited for up to the deadline. */
export function findDescendant(pid: number, matches: (command: string) => boolean, timeoutMs = 20_000): Promise<number> {
  const search = (p: number): number | undefined => {
    for (const c of childrenOf(p)) {
      if (matches(commandOf(c))) return c;
      const deeper = search(c);
      if (deeper !== undefined) return deeper;
    }
    return undefined;
  };
  return poll(`a process under ${pid} matching ${matches}`, async () => search(pid), timeoutMs);
}

/** The workerd process of the server `pid`. */
export const workerdOf = (pid: number) => findDescendant(pid, (command) => /\/workerd serve /.test(command));

/** The node process of a server started (through a shell, npm...) under `pid`; not the shell naming it. */
export const serverUnder = (pid: number) => findDescendant(pid, (command) => /^\S*node \S*kinesis-edge\.mjs/.test(command));

/** Resolves once `pid` no longer runs; rejects after the deadline. */
export const gone = (pid: number, timeoutMs = 10_000) => poll(`process ${pid} to end`, async () => (running(pid) ? undefined : true), timeoutMs);

/** A fresh directory to give a server as TMPDIR, listed by `leftIn`, removed by `removeTmpDirs`. */
const made: string[] = [];
export function freshTmpDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-tmpdir-'));
  made.push(dir);
  return dir;
}
export const leftIn = (dir: string) => readdirSync(dir);
export function removeTmpDirs() {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
