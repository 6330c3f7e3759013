// Hosts the Worker locally: Miniflare runs it on an internal loopback port with Durable Object state persisted
// in the data directory (or in memory), and the front (front.mjs) serves the user's port for every transport.
// Must stay a thin host: no Kinesis logic here beyond creating the --streams at start through the API itself.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildWorker } from './build.mjs';
import { startFront } from './front.mjs';
import { catchRuntime, makeRunDir, startWatchdog, withTmpDir } from './lifecycle.mjs';
import { acquireLock } from './lock.mjs';
import { createSigner } from './sigv4.mjs';
import { workerDefaults } from './worker-defaults.mjs';

/**
 * What startServer needs of the command line's options (tests and benchmarks pass these alone).
 * @typedef {Pick<Options, 'port' | 'path' | 'createStreamMs' | 'deleteStreamMs' | 'updateStreamMs' | 'shardLimit'> &
 *   Partial<Pick<Options, 'host' | 'hosts' | 'streams' | 'inMemory' | 'ssl' | 'cert' | 'key' | 'auth' | 'tenants' | 'adminToken' | 'throttle' | 'faults'>>} ServerOptions
 * @typedef {import('./options.mjs').Options} Options
 * @typedef {import('miniflare').Miniflare} Miniflare
 */

/**
 * Starts the Worker and the front. Throws LockedError (lock.mjs) at once when another server holds the data
 * directory. The result's `runtimeExit` resolves with { code, signal } if workerd ends while the server runs.
 * @param {ServerOptions} options
 */
export async function startServer(options) {
  const dataDir = path.resolve(options.path);
  // Before anything slow, so that a second server on the same directory fails at once; in memory nothing is shared.
  const releaseLock = options.inMemory ? () => {} : acquireLock(dataDir);
  const runDir = makeRunDir();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let runtime;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let watchdog;
  // Every way out of this process that runs JavaScript ends here; a SIGKILL is left to the watchdog and the
  // next start (stale lock and run directory).
  const cleanUp = () => {
    watchdog?.kill('SIGKILL');
    runtime?.kill('SIGKILL');
    fs.rmSync(runDir, { recursive: true, force: true });
    releaseLock();
  };
  process.on('exit', cleanUp);
  /** @type {Miniflare | undefined} */
  let mf;
  try {
    // Loading Miniflare takes ~0.35 s of the cold start; let it overlap the bundling, which runs in esbuild's process.
    const [{ Miniflare }, scriptPath] = await Promise.all([import('miniflare'), buildWorker()]);
    const caught = catchRuntime();
    try {
      mf = withTmpDir(runDir, () => new Miniflare(miniflareOptions(options, dataDir, scriptPath)));
      await mf.ready;
    } finally {
      caught.release();
    }
    const miniflare = /** @type {Miniflare} */ (mf); // the try above set it or threw
    const child = caught.runtime;
    if (!child) throw new Error('the workerd process Miniflare started was not found (a Miniflare upgrade?)');
    runtime = child;
    watchdog = startWatchdog(child.pid, runDir);
    const front = await serveFront(options, dataDir, miniflare);
    /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
    const runtimeExit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return {
      ...front,
      runtimeExit,
      async stop() {
        watchdog?.kill('SIGKILL');
        await front.close();
        await miniflare.dispose();
        cleanUp();
        process.off('exit', cleanUp);
      },
    };
  } catch (err) {
    await mf?.dispose();
    cleanUp();
    process.off('exit', cleanUp);
    throw err;
  }
}

/** @param {ServerOptions} options @param {string} dataDir @param {Miniflare} mf */
async function serveFront(options, dataDir, mf) {
  const inner = await mf.unsafeGetDirectURL();
  let tlsFiles;
  if (options.ssl) {
    const { loadOrCreateCertificate } = await import('./cert.mjs');
    tlsFiles = options.cert && options.key ? await readPair(options.cert, options.key) : loadOrCreateCertificate(dataDir);
  }
  const front = await startFront({
    hosts: options.hosts ?? [options.host],
    port: options.port,
    upstream: { host: '127.0.0.1', port: Number(inner.port) },
    tls: tlsFiles ? { key: tlsFiles.key, cert: tlsFiles.cert } : undefined,
  });
  if (options.streams?.length) {
    try {
      // In verify mode the streams belong to the first tenant, signed with its key; else to the default account.
      const owner = options.auth === 'verify' ? options.tenants?.[0] : undefined;
      if (options.auth === 'verify' && !owner) throw new Error('--streams with --auth verify needs a --tenant to own them');
      await createStreams(inner, options.streams, owner);
    } catch (err) {
      await front.close();
      throw err;
    }
  }
  return {
    port: front.port,
    scheme: tlsFiles ? 'https' : 'http',
    /** The Worker's own socket behind the front, for diagnostics and benchmarks. */
    innerUrl: String(inner),
    certPath: tlsFiles?.certPath,
    close: () => front.close(),
  };
}

/**
 * @param {ServerOptions} options @param {string} dataDir @param {string} scriptPath
 * @returns {import('miniflare').MiniflareOptions}
 */
function miniflareOptions(options, dataDir, scriptPath) {
  return {
    modules: true,
    scriptPath,
    // Module names are paths relative to this root; without it they are relative to the cwd, and workerd refuses
    // ".." when the server is started from another directory.
    modulesRoot: path.dirname(scriptPath),
    // The same date, flags and objects as wrangler.toml (every class is in its new_sqlite_classes migration).
    compatibilityDate: workerDefaults.compatibility_date,
    compatibilityFlags: workerDefaults.compatibility_flags,
    durableObjects: Object.fromEntries(
      workerDefaults.durable_objects.bindings.map((b) => [b.name, { className: b.class_name, useSQLite: true }]),
    ),
    durableObjectsPersist: options.inMemory ? false : path.join(dataDir, 'durable-objects'),
    // Where channels deliver (src/objects/channel-object.ts): Miniflare's R2, kept in <path>/r2 like the objects.
    r2Buckets: workerDefaults.r2_buckets.map((b) => b.binding),
    r2Persist: options.inMemory ? false : path.join(dataDir, 'r2'),
    bindings: {
      CREATE_STREAM_MS: String(options.createStreamMs),
      DELETE_STREAM_MS: String(options.deleteStreamMs),
      UPDATE_STREAM_MS: String(options.updateStreamMs),
      SHARD_LIMIT: String(options.shardLimit),
      // Unset, the Worker uses its fixed local key (src/config.ts).
      ...(process.env.ITERATOR_KEY ? { ITERATOR_KEY: process.env.ITERATOR_KEY } : {}),
      AUTH_MODE: options.auth ?? 'open',
      THROTTLE: options.throttle ?? workerDefaults.vars.THROTTLE,
      ...(options.faults?.length ? { FAULTS: options.faults.join(',') } : {}),
      ...(options.tenants?.length ? { TENANTS: JSON.stringify(options.tenants) } : {}),
      ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken, TENANT_KEY: tenantKey(options, dataDir) } : {}),
    },
    host: '127.0.0.1',
    port: 0,
    // A socket straight into our Worker, skipping Miniflare's entry worker: measured 2-3x the requests/s of its
    // normal port on this machine (bench/README.md). The front forwards there.
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  };
}

/**
 * What the tenant object encrypts admin-created tenants' secrets with (src/objects/tenant-object.ts): the
 * KINESIS_EDGE_TENANT_KEY env var, else a random key made at first start and kept beside the data (<path>/tenant-key,
 * mode 0600), or a fresh one per run in memory.
 * @param {ServerOptions} options @param {string} dataDir
 */
function tenantKey(options, dataDir) {
  if (process.env.KINESIS_EDGE_TENANT_KEY) return process.env.KINESIS_EDGE_TENANT_KEY;
  const fresh = () => randomBytes(32).toString('hex');
  if (options.inMemory) return fresh();
  const file = path.join(dataDir, 'tenant-key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const key = fresh();
    fs.writeFileSync(file, key, { mode: 0o600 });
    return key;
  }
}

/** @param {string} certPath @param {string} keyPath */
async function readPair(certPath, keyPath) {
  const { readFile } = await import('node:fs/promises');
  return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8'), certPath, keyPath };
}

/** --streams name:shards,...: created through the Kinesis API like any client would (default account and region, or
 *  the owner's account); an existing stream (kept from an earlier run) is left as it is.
 * @param {URL} inner @param {{ name: string, shards: number }[]} streams
 * @param {{ accessKeyId: string, secretAccessKey: string } | undefined} owner */
async function createStreams(inner, streams, owner) {
  const sign = createSigner(owner ? { accessKeyId: owner.accessKeyId, secretAccessKey: owner.secretAccessKey } : undefined);
  for (const { name, shards } of streams) {
    const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Kinesis_20131202.CreateStream' };
    const request = JSON.stringify({ StreamName: name, ShardCount: shards });
    const signed = sign({ host: inner.host, headers, body: request });
    const res = await fetch(new URL('/', inner), { method: 'POST', headers: { ...headers, ...signed }, body: request });
    const body = await res.text();
    if (res.status !== 200 && !body.includes('ResourceInUseException')) throw new Error(`could not create stream ${name}: ${body}`);
  }
}
