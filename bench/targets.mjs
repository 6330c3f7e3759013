// Starts and stops each benchmark target (our server in memory, on disk and in memory verifying SigV4, kinesalite,
// kinesis-mock) as a child
// process on its own loopback port, and measures cold start (spawn -> first successful ListStreams).
// Stops by pid only: SIGTERM, then SIGKILL after a deadline, then any leftover descendants (e.g. workerd).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../local/free-port.mjs';
import { createClient } from './client.mjs';
import { benchDir, peerDir } from './install.mjs';
import { isAlive, processTree } from './proc.mjs';

const root = path.dirname(benchDir);
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/** The one tenant of the verify target: the client signs with these keys, the server checks them (--tenant). */
export const VERIFY_TENANT = { accessKeyId: 'AKIABENCH00000000001', secretAccessKey: 'benchsecret', account: '111111111111' };

export const TARGETS = {
  'edge-memory': { label: 'ours (in-memory)', short: 'mem', ours: true },
  'edge-disk': { label: 'ours (persisted)', short: 'disk', ours: true },
  // ours (in-memory) with --auth verify: what checking signatures costs. Not a contestant: it runs no repetition
  // scenario and no 1M phase, only scenarios/sigv4-pair.mjs, side by side with a fresh ours (in-memory) (run.mjs).
  'edge-verify': {
    label: 'ours (verify)',
    short: 'vfy',
    ours: true,
    paired: true,
    scenarios: [],
    credentials: { accessKeyId: VERIFY_TENANT.accessKeyId, secretAccessKey: VERIFY_TENANT.secretAccessKey },
  },
  kinesalite: { label: 'kinesalite 3.3.3', short: 'kl', peer: 'kinesalite' },
  // subscribeOverHttp1: kinesis-mock 0.6.2's HTTP/2 fails in Node's client: over h2c (its plain port) every call
  // ends in ERR_HTTP2_ERROR "Protocol error" right after the response headers, and over TLS with h2 SubscribeToShard
  // does. Its HTTP/1.1 works, so the fan-out scenario subscribes through the SDK v3's HTTP/1.1 handler there.
  'kinesis-mock': { label: 'kinesis-mock 0.6.2', short: 'km', peer: 'kinesis-local', subscribeOverHttp1: true },
};

// A clean environment: nothing of the caller's (PORT, KINESIS_EDGE_*, AWS_*) can change what a target does.
const baseEnv = () => ({ PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', TMPDIR: process.env.TMPDIR ?? '/tmp' });

async function command(name, dir) {
  const ourArgs = (port) => [path.join(root, 'bin', 'kinesis-edge.mjs'), '--port', String(port), '--host', '127.0.0.1', '--path', path.join(dir, 'data'),
    '--createStreamMs', '0', '--deleteStreamMs', '0', '--updateStreamMs', '0'];
  const port = await freePort();
  switch (name) {
    case 'edge-memory':
      return { port, args: [...ourArgs(port), '--in-memory'], env: baseEnv() };
    case 'edge-verify': {
      const t = VERIFY_TENANT;
      return { port, args: [...ourArgs(port), '--in-memory', '--auth', 'verify', '--tenant', `${t.accessKeyId}:${t.secretAccessKey}:${t.account}`], env: baseEnv() };
    }
    case 'edge-disk':
      return { port, args: ourArgs(port), env: baseEnv() };
    case 'kinesalite':
      return { port, args: [path.join(benchDir, 'kinesalite-server.cjs'), String(port)], env: baseEnv() };
    case 'kinesis-mock': {
      const pkg = peerDir('kinesis-local');
      const env = {
        ...baseEnv(),
        KINESIS_MOCK_PLAIN_PORT: String(port),
        KINESIS_MOCK_TLS_PORT: String(await freePort()), // it always serves TLS too; we use the plain port
        KINESIS_MOCK_CERT_PATH: path.join(pkg, 'server.json'),
        LOG_LEVEL: 'WARN', // INFO logs every request; the other targets log nothing per request
        SHARD_LIMIT: '1000',
        SHOULD_PERSIST_DATA: 'false',
      };
      for (const v of ['CREATE_STREAM', 'DELETE_STREAM', 'REGISTER_STREAM_CONSUMER', 'DEREGISTER_STREAM_CONSUMER', 'START_STREAM_ENCRYPTION',
        'STOP_STREAM_ENCRYPTION', 'MERGE_SHARDS', 'SPLIT_SHARD', 'UPDATE_SHARD_COUNT', 'UPDATE_STREAM_MODE']) env[`${v}_DURATION`] = '0ms';
      return { port, args: ['--require', path.join(benchDir, 'loopback-preload.cjs'), path.join(pkg, 'main.js')], env };
    }
    default:
      throw new Error(`unknown target ${name}`);
  }
}

const live = new Set(); // started targets not yet stopped, for the emergency exit hook

/** Starts target `name` with its files under workDir; resolves once it answers ListStreams. */
export async function startTarget(name, workDir) {
  const dir = path.join(workDir, `${name}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const { port, args, env } = await command(name, dir);
  const logPath = path.join(dir, 'server.log');
  const fd = openSync(logPath, 'a');
  const t0 = performance.now();
  // cwd: the repo root. Miniflare hands workerd the script path relative to cwd, and workerd refuses '..' in it.
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | undefined} */
  let exited;
  const exitedP = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));
  child.once('error', () => {});
  const target = {
    name,
    ...TARGETS[name],
    pid: child.pid,
    port,
    dir,
    logPath,
    coldStartMs: undefined,
    logTail: () => tail(logPath),
    async stop() {
      live.delete(target);
      const tree = processTree(child.pid);
      if (!exited) {
        child.kill('SIGTERM');
        if (!(await within(exitedP, STOP_GRACE_MS))) {
          child.kill('SIGKILL');
          await within(exitedP, STOP_GRACE_MS);
        }
      }
      await killLeftovers(tree.slice(1));
    },
  };
  target.tree = () => processTree(child.pid);
  live.add(target);

  const client = createClient({ port, maxSockets: 1, timeoutMs: 5_000, credentials: TARGETS[name].credentials });
  try {
    for (;;) {
      if (exited) throw new Error(`${name} exited (${exited.code ?? exited.signal}) before answering; log:\n${tail(logPath)}`);
      if (performance.now() - t0 > READY_TIMEOUT_MS) throw new Error(`${name} did not answer ListStreams within ${READY_TIMEOUT_MS} ms; log:\n${tail(logPath)}`);
      try {
        await client.call('ListStreams', {});
        break;
      } catch (err) {
        if (err.status) throw new Error(`${name} answered ListStreams with ${err.message}`); // a real answer: an error
        await sleep(5);
      }
    }
    target.coldStartMs = performance.now() - t0;
  } catch (err) {
    await target.stop();
    throw err;
  } finally {
    client.close();
  }
  return target;
}

/** SIGKILLs everything still started: for the harness's exit paths (sync, so it works in 'exit'). */
export function killAllNow() {
  for (const t of live) {
    for (const p of t.tree()) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  live.clear();
}

async function killLeftovers(procs) {
  const alive = () => procs.filter(isAlive);
  if (!alive().length) return;
  for (const p of alive()) signal(p.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (alive().length && Date.now() < deadline) await sleep(50);
  for (const p of alive()) signal(p.pid, 'SIGKILL');
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const within = (p, ms) => Promise.race([p.then(() => true), sleep(ms).then(() => false)]);

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
