// Bundles the Worker (src/index.ts) into dist/worker.js for Miniflare. Runs on every start: it takes ~0.1 s,
// so users never run a separate build step. Must not change what the Worker does.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const workerPath = path.join(root, 'dist', 'worker.js');

export async function buildWorker() {
  await build({
    entryPoints: [path.join(root, 'src', 'index.ts')],
    outfile: workerPath,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['cloudflare:*', 'node:*'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return workerPath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWorker();
