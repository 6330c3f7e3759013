#!/usr/bin/env node
// The `kinesis-edge` command (what `npm start` runs): parse options, start the server, stop cleanly on signals.
import v8 from 'node:v8';
import vm from 'node:vm';
import { readOptions, usage } from '../local/options.mjs';
import { startServer } from '../local/server.mjs';

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

let server;
try {
  server = await startServer(options);
} catch (err) {
  const taken = err?.code === 'EADDRINUSE' || /address already in use/i.test(String(err?.message));
  console.error(taken ? `kinesis-edge: port ${options.port} on ${options.host} is already in use` : `kinesis-edge: could not start: ${err?.stack ?? err}`);
  process.exit(1);
}
// Start-up leaves ~30 MB of buffers behind (the bundled Worker, workerd's config) that V8 frees only at its next
// full collection, which an idle emulator may never reach: collect once now (RSS 145 -> 118 MB on this machine).
v8.setFlagsFromString('--expose-gc');
vm.runInNewContext('gc')();

const shown = `${server.scheme}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${server.port}`;
console.log(`kinesis-edge listening on ${shown} (${options.inMemory ? 'in memory' : `data in ${options.path}`})`);
if (server.certPath) {
  console.log(`TLS certificate: ${server.certPath}\n  trust it with AWS_CA_BUNDLE=${server.certPath} (boto3, AWS CLI) or NODE_EXTRA_CA_CERTS=${server.certPath} (Node.js)`);
}

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  console.log(`kinesis-edge stopped (${signal})`);
  process.exit(0);
};
// Miniflare's exit hook listens for SIGINT/SIGTERM itself and exits 130/143 before any later listener can run a
// clean stop. This command owns the process's signals: drop those listeners (its 'exit' hook stays as the safety
// net that kills workerd) and stop through mf.dispose(), exiting 0.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.removeAllListeners(signal);
  process.on(signal, () => stop(signal));
}
