// Preloaded into the dev script by test/local/dev.test.ts (`node --import <this> local/dev.mjs ...`): plays the other
// process that takes the port chosen for wrangler dev between the choice and wrangler binding it. When the dev script
// spawns wrangler with `--port N` (N not 0), this binds 127.0.0.1:N first and only then lets wrangler start: wrangler
// is started behind a shell that waits on a pipe and then execs it (same pid, same process group), and the pipe is
// written once the port is held. So the collision is certain, not a matter of timing. Each interception is reported
// on stderr as one `take-wrangler-port: ...` line, so the test can tell that this ran.
import childProcess from 'node:child_process';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';

const original = childProcess.spawn;
/** Servers holding taken ports, kept referenced so that they live as long as the dev script. */
const held = [];

/** @param {string} line */
const report = (line) => process.stderr.write(`take-wrangler-port: ${line}\n`);

/**
 * @param {string} command
 * @param {readonly string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 */
function spawn(command, args, options) {
  if (!/(^|\/)wrangler$/.test(command)) return original(command, args, options);
  const at = args.indexOf('--port');
  const given = at === -1 ? '(none)' : args[at + 1];
  const port = Number(given);
  if (!port) {
    report(`wrangler was given --port ${given}: no chosen port to take`);
    return original(command, args, options);
  }
  if (!Array.isArray(options.stdio)) throw new Error('take-wrangler-port: expected the dev script to give stdio as an array');
  // fd 3 of the shell: a pipe it reads one line from before exec'ing wrangler; closed before the exec.
  const gated = original('/bin/sh', ['-c', 'read -r _ <&3; exec 3<&-; exec "$@"', 'sh', command, ...args], {
    ...options,
    stdio: [...options.stdio.slice(0, 3), 'pipe'],
  });
  const gate = /** @type {import('node:stream').Writable} */ (gated.stdio[3]);
  gate.on('error', () => {});
  const taker = net.createServer();
  taker.once('error', (err) => {
    report(`could not take port ${port}: ${err.message}`);
    gate.end('go\n');
  });
  taker.listen(port, '127.0.0.1', () => {
    held.push(taker);
    report(`took port ${port} before wrangler could bind it`);
    gate.end('go\n');
  });
  return gated;
}

childProcess.spawn = /** @type {typeof childProcess.spawn} */ (spawn);
// `import { spawn } from 'node:child_process'` in the dev script reads the builtin's ESM exports: update them.
syncBuiltinESMExports();
