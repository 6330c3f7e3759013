#!/usr/bin/env node
// The `kinesis-edge` command (what `npm start` runs): parse options, start the server, stop cleanly on signals.
import v8 from 'node:v8';
import vm from 'node:vm';
import { readOptions, usage } from '../local/options.mjs';
import { startServer } from '../local/server.mjs';
import { watchParent } from '../local/lifecycle.mjs';
import { LockedError } from '../local/lock.mjs';

let options;
try {
  options = readOptions();
} catch (err) {
  console.error(`kinesis-edge: ${err.message}\n\n${usage}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(usage);
  process.exit(0);
}

const where = options.host ?? 'localhost';
/** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
let server;
const ownSignals = new Map();
let stopping = false;
/** @param {string} why */
const stop = async (why) => {
  if (stopping) return;
  stopping = true;
  await server?.stop();
  console.log(`kinesis-edge stopped (${why})`);
  process.exit(0);
};
// This command owns the process's signals, from before the start: a signal while starting exits at once but
// through process.exit, so that the 'exit' handlers release the lock and remove the temp directory; once started,
// it stops cleanly through mf.dispose() and exits 0. Installed once and never removed: removing every listener of
// a signal drops Node's handle for it, and a signal that arrived just then (a stop right after the "listening"
// line) was lost, leaving the server running.
for (const [signal, n] of /** @type {[NodeJS.Signals, number][]} */ ([['SIGINT', 2], ['SIGTERM', 15]])) {
  const own = () => (server ? stop(signal) : process.exit(128 + n));
  process.on(signal, own);
  ownSignals.set(signal, own);
}
try {
  server = await startServer(options);
} catch (err) {
  const taken = err?.code === 'EADDRINUSE' || /address already in use/i.test(String(err?.message));
  const reason = err instanceof LockedError ? err.message : taken ? `port ${options.port} on ${where} is already in use` : `could not start: ${err?.stack ?? err}`;
  console.error(`kinesis-edge: ${reason}`);
  process.exit(1);
}
// Miniflare's exit hook listens for SIGINT/SIGTERM too and exits 130/143 without a clean stop: drop its listeners
// (its 'exit' hook stays as the safety net that kills workerd).
for (const [signal, own] of ownSignals) {
  for (const listener of process.listeners(signal)) if (listener !== own) process.off(signal, listener);
}
// `npm start` stopped by a signal to npm alone leaves this process orphaned and serving; nobody is left to stop it.
watchParent((parent) => stop(`parent process ${parent} exited`));

// A server whose runtime is gone answers nothing: say so in one line and exit non-zero, for a supervisor to see.
server.runtimeExit.then(async ({ code, signal }) => {
  // Ctrl-C or a stop sent to the whole process group (systemd's default) reaches workerd too: give this process's
  // own signal a moment to win, so that a requested stop still exits 0.
  if (signal === 'SIGINT' || signal === 'SIGTERM') await new Promise((resolve) => setTimeout(resolve, 500));
  if (stopping) return;
  stopping = true;
  console.error(`kinesis-edge: the workerd runtime exited (${signal ? `signal ${signal}` : `code ${code}`}); stopping`);
  await Promise.race([server.stop().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2000))]);
  process.exit(1);
});

// Start-up leaves ~30 MB of buffers behind (the bundled Worker, workerd's config) that V8 frees only at its next
// full collection, which an idle emulator may never reach: collect once now (RSS 145 -> 118 MB on this machine).
v8.setFlagsFromString('--expose-gc');
vm.runInNewContext('gc')();

const shown = `${server.scheme}://${where.includes(':') ? `[${where}]` : where}:${server.port}`;
console.log(`kinesis-edge listening on ${shown} (${options.inMemory ? 'in memory' : `data in ${options.path}`})`);
if (options.auth === 'verify') {
  // Key ids only: a secret is never printed.
  const keys = options.tenants.map((t) => t.accessKeyId).join(', ');
  console.log(`auth: verify (SigV4 checked${keys ? `; tenants ${keys}` : ''}${options.adminToken ? '; admin API on /admin/' : ''})`);
} else if (options.adminToken) {
  console.log('admin API on /admin/');
}
if (server.certPath) {
  console.log(`TLS certificate: ${server.certPath}\n  trust it with AWS_CA_BUNDLE=${server.certPath} (boto3, AWS CLI) or NODE_EXTRA_CA_CERTS=${server.certPath} (Node.js)`);
}
