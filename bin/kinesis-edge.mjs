#!/usr/bin/env node
// The `kinesis-edge` command (what `npm start` runs): parse options, start the server, stop cleanly on signals.
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
const shown = `${server.url.protocol}//${options.host.includes(':') ? `[${options.host}]` : options.host}:${server.url.port}`;
console.log(`kinesis-edge listening on ${shown} (data in ${options.path})`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  console.log(`kinesis-edge stopped (${signal})`);
  process.exit(0);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
