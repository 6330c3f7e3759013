// Installs the peer emulators (exact versions) into bench/.cache/ when they are missing. Never touches the
// project's own package.json or node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const cacheDir = path.join(benchDir, '.cache');
export const PEERS = { kinesalite: '3.3.3', 'kinesis-local': '0.6.2' };

export const peerDir = (name) => path.join(cacheDir, 'node_modules', name);

function installedVersion(name) {
  const file = path.join(peerDir(name), 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Installs the peers in `names` that are missing or at another version; throws if npm fails. */
export function ensurePeers(names, log = console.log) {
  const missing = names.filter((n) => installedVersion(n) !== PEERS[n]);
  if (!missing.length) return;
  const specs = Object.entries(PEERS).map(([n, v]) => `${n}@${v}`);
  log(`installing peers into ${path.relative(process.cwd(), cacheDir) || cacheDir}: ${specs.join(' ')}`);
  const res = spawnSync('npm', ['install', '--prefix', cacheDir, ...specs, '--no-audit', '--no-fund'], {
    cwd: path.dirname(benchDir),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`npm install of ${specs.join(' ')} failed (exit ${res.status ?? res.signal})`);
  for (const n of missing) {
    if (installedVersion(n) !== PEERS[n]) throw new Error(`${n}@${PEERS[n]} still missing after npm install`);
  }
}
