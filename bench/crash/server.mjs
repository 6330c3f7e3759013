// Starts kinesis-edge for the crash campaign in its own process group (node host + workerd child + esbuild's
// service), so one SIGKILL to the group takes the whole tree down at once, like a power cut of the emulator.
// Confirms death from /proc. Every stop is by pid (the group's leader pid), never by name.
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, processTree } from '../proc.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_MS = 60_000;
const DEATH_MS = 5_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const live = new Set(); // servers started and not yet confirmed dead, for the exit paths

/**
 * Starts the server on a free loopback port with data in dataDir; its temp files (Miniflare's miniflare-* dirs)
 * go to tmpDir, which the campaign removes: a killed Miniflare never gets to remove them itself.
 * Resolves { pid, port, url, tree }; rejects with the log's tail if it exits or stays silent.
 */
/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null }} Exit
 * @typedef {object} CrashServer
 * @property {number | undefined} pid undefined only when the spawn failed
 * @property {import('node:child_process').ChildProcess} child
 * @property {Exit | undefined} exited
 * @property {Promise<Exit>} [exitedP]
 * @property {number | undefined} port
 * @property {string | undefined} url
 * @property {{ pid: number, start: string }[]} tree
 */
export async function startServer({ dataDir, tmpDir, logPath }) {
  const args = [path.join(root, 'bin', 'kinesis-edge.mjs'), '--port', '0', '--host', '127.0.0.1', '--path', dataDir,
    '--createStreamMs', '0', '--deleteStreamMs', '0', '--updateStreamMs', '0'];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpDir, LANG: 'C.UTF-8', TMPDIR: tmpDir };
  // cwd: the repo root (workerd refuses '..' in a module path relative to the cwd).
  const child = spawn(process.execPath, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {CrashServer} */
  const server = { pid: child.pid, child, exited: undefined, port: undefined, url: undefined, tree: [] };
  live.add(server);
  server.exitedP = new Promise((resolve) => child.once('exit', (code, signal) => resolve((server.exited = { code, signal }))));
  child.once('error', (err) => appendFileSync(logPath, `spawn error: ${err.message}\n`));
  let out = '';
  const log = (chunk) => appendFileSync(logPath, chunk);
  child.stdout.on('data', (chunk) => {
    log(chunk);
    if (server.url === undefined) out += chunk;
  });
  child.stderr.on('data', log);
  const deadline = Date.now() + READY_MS;
  for (;;) {
    const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
    if (m) {
      server.url = m[1];
      server.port = Number(m[2]);
      break;
    }
    if (server.exited || Date.now() > deadline) {
      await killGroup(server);
      const why = server.exited ? `exited (${server.exited.code ?? server.exited.signal})` : `printed no URL within ${READY_MS} ms`;
      throw new Error(`server ${why}; log tail:\n${tail(logPath)}`);
    }
    await sleep(10);
  }
  // Who is in the tree now: the group kill must take all of them (checked afterwards).
  server.tree = processTree(server.pid);
  return server;
}

/** Pids whose process group is `pgid` (field 5 of /proc/<pid>/stat), zombies excluded. */
function groupMembers(pgid) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid && f[0] !== 'Z') out.push(Number(name));
    } catch {
      // gone between the listing and the read
    }
  }
  return out;
}

/**
 * SIGKILL to the whole process group, then polls /proc until no member of the group or of the tree seen at start
 * is alive. Resolves the pids that survived the deadline (should be none; they are killed one by one then).
 */
export async function killGroup(server) {
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
  const deadline = Date.now() + DEATH_MS;
  const survivors = () => [...new Set([...server.tree.filter(isAlive).map((p) => p.pid), ...groupMembers(server.pid)])];
  while (survivors().length && Date.now() < deadline) await sleep(5);
  const left = survivors();
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await Promise.race([server.exitedP, sleep(DEATH_MS)]);
  live.delete(server);
  return left;
}

/** A clean stop: SIGTERM to the host (it disposes Miniflare and exits), then the group kill as a safety net. */
export async function stopServer(server) {
  try {
    process.kill(server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await Promise.race([server.exitedP, sleep(10_000)]);
  return killGroup(server);
}

/** For an interrupted campaign: the group kill of every server still live, each confirmed from /proc. */
export async function killAll() {
  return (await Promise.all([...live].map(killGroup))).flat();
}

/** For the campaign's exit paths (sync, so it works in an 'exit' handler): SIGKILL every group still live. */
export function killAllNow() {
  for (const server of live) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  live.clear();
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
