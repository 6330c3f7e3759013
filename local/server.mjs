// Hosts the Worker locally through Miniflare's API, with Durable Object state persisted in the data directory.
// Must stay a thin host: no Kinesis logic here.
import { Miniflare } from 'miniflare';
import path from 'node:path';
import { buildWorker } from './build.mjs';

export async function startServer(options) {
  const scriptPath = await buildWorker();
  const dataDir = path.resolve(options.path);
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // Same as wrangler.toml; node:crypto needs nodejs_compat.
    compatibilityDate: '2026-04-26',
    compatibilityFlags: ['nodejs_compat'],
    durableObjects: {
      ACCOUNT: { className: 'AccountObject', useSQLite: true },
      STREAM: { className: 'StreamObject', useSQLite: true },
      SHARD: { className: 'ShardObject', useSQLite: true },
    },
    durableObjectsPersist: path.join(dataDir, 'durable-objects'),
    bindings: {
      CREATE_STREAM_MS: String(options.createStreamMs),
      DELETE_STREAM_MS: String(options.deleteStreamMs),
      UPDATE_STREAM_MS: String(options.updateStreamMs),
      SHARD_LIMIT: String(options.shardLimit),
      ITERATOR_KEY: process.env.ITERATOR_KEY || 'kinesis-edge-local-iterator-key',
    },
    host: options.host,
    port: options.port,
  });
  const url = await mf.ready;
  return { url, stop: () => mf.dispose() };
}
