// Bundles the Worker (src/index.ts) into dist/worker.js for Miniflare, on every start unless the bundle is newer
// than every source file, so users never run a separate build step. Must not change what the Worker does.
// An installed package (npm pack's tarball) ships dist/worker.js prebuilt by `prepack` and no src/: it is used as it
// is, so a global install under a directory the user cannot write still starts.
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const workerPath = path.join(root, 'dist', 'worker.js');

/** @param {string} dir @returns {number} */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh() {
  try {
    const built = statSync(workerPath).mtimeMs;
    // The Worker bundles worker-defaults.json from here too (src/limits.ts).
    const inputs = [fileURLToPath(import.meta.url), fileURLToPath(new URL('./worker-defaults.json', import.meta.url))];
    return built > newestSource(path.join(root, 'src')) && inputs.every((file) => built > statSync(file).mtimeMs);
  } catch {
    return false;
  }
}

export async function buildWorker({ force = false } = {}) {
  if (!existsSync(path.join(root, 'src'))) {
    if (existsSync(workerPath)) return workerPath;
    throw new Error(`neither src/ nor a prebuilt ${workerPath} is in ${root}: the package is incomplete`);
  }
  if (!force && isFresh()) return workerPath;
  const { build } = await import('esbuild');
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

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWorker({ force: true });
