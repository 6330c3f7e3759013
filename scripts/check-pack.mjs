#!/usr/bin/env node
// `npm run check:pack`: the package installs and runs the way Node users expect. npm pack (its prepack builds the
// Worker bundle), `npm install -g` of the tarball into a temp prefix, then the installed `kinesis-edge` is started
// from an empty directory on a free loopback port, answers ListStreams through the SDK v3, stops on SIGTERM with
// exit 0 and has kept its state in ./.kinesis-data there. Everything it made is removed, whatever happens.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../local/free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-pack-'));
const started = Date.now();
/** @type {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable> | undefined} */
let server;

const step = (what) => console.log(`check-pack: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

function waitFor(child, pattern, output, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.text}`)), timeoutMs);
    const check = () => {
      const m = pattern.exec(output.text);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`kinesis-edge exited (code ${code}, signal ${signal}) before listening:\n${output.text}`));
    });
  });
}

const exited = (child, timeoutMs) =>
  new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => reject(new Error(`kinesis-edge (pid ${child.pid}) did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });

async function main() {
  const packDir = path.join(tmp, 'pack');
  mkdirSync(packDir);
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', packDir], root));
  const tgz = path.join(packDir, packed.filename);
  const files = packed.files.map((f) => f.path);
  for (const needed of ['bin/kinesis-edge.mjs', 'local/server.mjs', 'local/front.mjs', 'local/worker-defaults.json', 'dist/worker.js']) {
    if (!files.includes(needed)) throw new Error(`${packed.filename} lacks ${needed}; it has: ${files.join(', ')}`);
  }
  step(`packed ${packed.filename} (${files.length} files, ${packed.size} bytes)`);

  const prefix = path.join(tmp, 'prefix');
  // --prefer-offline: CI's `npm ci` has just put every dependency in the cache.
  npm(['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tgz], tmp);
  const bin = path.join(prefix, 'bin', 'kinesis-edge');
  if (!existsSync(bin)) throw new Error(`npm install -g put no ${bin}`);
  step(`installed into ${prefix}`);

  const cwd = path.join(tmp, 'empty');
  mkdirSync(cwd);
  const port = await freePort();
  server = spawn(bin, ['--port', String(port)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  server.stdout.setEncoding('utf8').on('data', (c) => (output.text += c));
  server.stderr.setEncoding('utf8').on('data', (c) => (output.text += c));
  const [, url] = await waitFor(server, /kinesis-edge listening on (http:\/\/\S+)/, output, 60_000);
  step(`started ${bin} in an empty directory: ${url}`);

  // The SDK v3 from this repository's devDependencies, as users create it (default handler: h2c).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { KinesisClient, ListStreamsCommand } = await import('@aws-sdk/client-kinesis');
  const client = new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const listed = await client.send(new ListStreamsCommand({}));
  client.destroy();
  if (!Array.isArray(listed.StreamNames) || listed.StreamNames.length !== 0 || listed.HasMoreStreams !== false) {
    throw new Error(`ListStreams on a fresh server answered ${JSON.stringify(listed)}`);
  }
  step('ListStreams answered an empty list');

  server.kill('SIGTERM');
  const exit = await exited(server, 15_000);
  if (exit.code !== 0) throw new Error(`kinesis-edge exited with ${JSON.stringify(exit)} on SIGTERM:\n${output.text}`);
  const data = path.join(cwd, '.kinesis-data');
  if (!existsSync(data)) throw new Error(`no ${data} after the run; the directory has: ${readdirSync(cwd).join(', ')}`);
  step('stopped with exit 0, state kept in ./.kinesis-data');
}

try {
  await main();
  console.log('check-pack: ok');
} catch (err) {
  console.error(`check-pack: FAILED: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await exited(server, 15_000).catch(() => server?.kill('SIGKILL'));
  }
  rmSync(tmp, { recursive: true, force: true });
}
