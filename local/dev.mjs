#!/usr/bin/env node
// `npm run dev`: `wrangler dev` (the Worker as wrangler builds it, reloaded on every change) behind the same front as
// `npm start`, because wrangler dev speaks only HTTP/1.1 and the SDK v3's default client sends h2c to http://.
// wrangler and everything it starts (its second node, esbuild, workerd) run in their own process group, so stopping
// this script, or its parent going away, stops them all; wrangler exiting on its own ends this script non-zero.
// wrangler binds its port itself: it is given port 0 and says which port it got (see innerPort below).
// POSIX only (process groups). Must stay a host: no Kinesis logic here.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startFront } from './front.mjs';
import { watchParent } from './lifecycle.mjs';
import { workerDefaults } from './worker-defaults.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 8_000;

/** The [dev] section of wrangler.toml decides the public address, as it would for plain `wrangler dev`. */
function devDefaults() {
  const toml = readFileSync(path.join(root, 'wrangler.toml'), 'utf8');
  const dev = /^\[dev\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? '';
  return { host: /^ip\s*=\s*"([^"]+)"/m.exec(dev)?.[1] ?? '127.0.0.1', port: /^port\s*=\s*(\d+)/m.exec(dev)?.[1] ?? '8787' };
}

/** `--var NAME:` (empty) for each var that only deployments set (worker-defaults.json's deployed_vars). */
const localVars = () => Object.keys(workerDefaults.deployed_vars).flatMap((name) => ['--var', `${name}:`]);

/** @type {(reason: string) => never} */
const fail = (reason) => {
  console.error(`kinesis-edge dev: ${reason}`);
  process.exit(1);
};

let args;
try {
  // Anything else (e.g. --persist-to DIR) goes to wrangler dev as given.
  args = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } }, strict: false, allowPositionals: true, tokens: true });
} catch (err) {
  fail(err.message);
}
const defaults = devDefaults();
const host = String(args.values.host ?? defaults.host);
const port = Number(args.values.port ?? defaults.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got ${args.values.port}`);
// parseArgs with strict: false reads `--persist-to dir` as a flag and a positional; both are kept, in order.
const passThrough = args.tokens
  .filter((t) => t.kind !== 'option' || !['port', 'host'].includes(t.name))
  .map((t) => (t.kind === 'option-terminator' ? '--' : t.kind === 'option' ? t.rawName + (t.inlineValue ? `=${t.value}` : '') : t.value));

// Port 0 for wrangler's own listener and its inspector: the kernel picks a free port as workerd binds it. A port
// chosen here and handed over could be taken by another process before wrangler bound it ("Address already in
// use", which ended dev on a loaded machine); nothing can take a port between the pick and the bind. A user's own
// --inspector-port (e.g. 9229 for devtools) is passed through instead.
const inspectorPort = passThrough.some((a) => /^--inspector-?[pP]ort(=|$)/.test(a)) ? [] : ['--inspector-port', '0'];
const wrangler = spawn(
  path.join(root, 'node_modules', '.bin', 'wrangler'),
  // wrangler.toml's top level is the team deployment: its deployed-only vars are emptied, as `npm start` leaves them.
  ['dev', '--ip', '127.0.0.1', '--port', '0', ...inspectorPort, '--show-interactive-dev-session=false', ...localVars(), ...passThrough],
  {
    cwd: root,
    // Its own process group (pgid = its pid): one kill reaches wrangler, its cli.js, esbuild and workerd. stdin is
    // not the terminal's: a background group reading it would be stopped by SIGTTIN. Its output passes through
    // this script (below), which reads the port from it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
);
// spawn either gives a pid or fails with an 'error' (wrangler missing), which ends this script.
const group = /** @type {number} */ (wrangler.pid);

const killGroup = (/** @type {NodeJS.Signals | 0} */ signal) => {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
};
// Last resort if this script dies of an uncaught error: no workerd is left behind.
process.on('exit', () => killGroup('SIGKILL'));
// And if it is killed outright (SIGKILL runs no handler): a watchdog in its own session waits for its stdin, a pipe
// only this process holds, to close, which happens however this process ends, then kills the group.
const watchdog = spawn('/bin/sh', ['-c', 'read -r _; kill -KILL "-$1" 2>/dev/null', 'kinesis-edge-dev-watchdog', String(group)], {
  detached: true,
  stdio: ['pipe', 'ignore', 'ignore'],
});
watchdog.stdin.on('error', () => {}); // never written; EPIPE once it has gone is of no interest
/** @type {import('node:net').Socket} */ (watchdog.stdin).unref?.();
watchdog.unref();

/** @type {Awaited<ReturnType<typeof startFront>> | undefined} */
let front;
let stopping = false;
const wranglerExit = new Promise((resolve) => wrangler.once('exit', (code, signal) => resolve({ code, signal })));
wrangler.once('error', (err) => fail(`could not run wrangler: ${err.message}`));

/** Whether any member of wrangler's group still runs. Zombies do not count: where PID 1 reaps nothing (containers),
 *  a workerd whose parent exited first stays a zombie, and kill(-group, 0) would still find it. */
function groupAlive() {
  if (process.platform !== 'linux') return killGroup(0);
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgid) === group && state !== 'Z') return true;
  }
  return false;
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @param {string} why @param {number} exitCode @returns {Promise<never>} the process exits */
async function stop(why, exitCode) {
  // A second call waits for the first one's exit.
  if (stopping) return new Promise(() => {});
  stopping = true;
  killGroup('SIGTERM');
  // Open client connections must not hold the stop: the front gets a moment, then the process exits anyway.
  await Promise.race([front?.close(), sleep(2_000)]);
  // Wait for every member of the group (workerd outlives wrangler's first node by a moment), then force it.
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  await Promise.race([wranglerExit, sleep(STOP_TIMEOUT_MS)]);
  while (Date.now() < deadline && groupAlive()) await sleep(50);
  killGroup('SIGKILL');
  watchdog.kill('SIGKILL'); // its work is done
  if (exitCode !== 0) console.error(`kinesis-edge dev: ${why}`);
  else console.log(`kinesis-edge dev stopped (${why})`);
  return process.exit(exitCode);
}

wranglerExit.then(({ code, signal }) => {
  if (!stopping) stop(`wrangler dev exited (${signal ? `signal ${signal}` : `code ${code}`}); the front is closed`, 1);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal, 0));
// A parent that dies (a killed terminal, test runner or npm) leaves this process orphaned: stop with it.
watchParent(() => stop('parent process exited', 0));

/** The port wrangler dev got for port 0, from its first line `Ready on http://127.0.0.1:<port>` (Miniflare's
 *  wording, colours stripped), on stdout or stderr. A whole line is waited for, so a port cut between two chunks is
 *  never read short. Miniflare keeps that port across reloads (a port 0 asked for again reuses the one it got). */
/** @type {number | undefined} */
let innerPort;
const READY_LINE = /\bReady on https?:\/\/\S+:(\d+)\/?[ \t]*\r?\n/;
const ANSI = /\x1b\[[0-9;]*m/g;
for (const [from, to] of /** @type {const} */ ([[wrangler.stdout, process.stdout], [wrangler.stderr, process.stderr]])) {
  let seen = '';
  from.setEncoding('utf8');
  from.on('data', (/** @type {string} */ chunk) => {
    to.write(chunk);
    if (innerPort !== undefined) return;
    seen = (seen + chunk).slice(-65_536); // what precedes the line is of no interest; this bounds what is kept
    const port = READY_LINE.exec(seen.replace(ANSI, ''))?.[1];
    if (port !== undefined) innerPort = Number(port);
  });
}

// Ready when the Worker itself answers through wrangler, not merely when wrangler's port opens.
const deadline = Date.now() + READY_TIMEOUT_MS;
for (;;) {
  if (stopping) await new Promise(() => {}); // stop() exits the process
  if (innerPort === undefined) {
    if (Date.now() > deadline) await stop(`wrangler dev did not say which port it listens on ("Ready on ...") within ${READY_TIMEOUT_MS / 1000} s`, 1);
    await sleep(100);
    continue;
  }
  try {
    const res = await fetch(`http://127.0.0.1:${innerPort}/health`, { signal: AbortSignal.timeout(2_000) });
    if (res.ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) await stop(`wrangler dev did not answer /health within ${READY_TIMEOUT_MS / 1000} s`, 1);
  await sleep(100);
}

const started = await startFront({ host, port, upstream: { host: '127.0.0.1', port: innerPort } }).catch((err) =>
  stop(err?.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : `could not start the front: ${err.message}`, 1),
);
front = started;
const shown = `http://${host.includes(':') ? `[${host}]` : host}:${started.port}`;
console.log(`kinesis-edge dev listening on ${shown} (HTTP/1.1 and h2c; wrangler dev behind it on 127.0.0.1:${innerPort}, reloading on change)`);
