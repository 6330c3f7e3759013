// How long a first `--ssl` start spends making its certificate: a fresh Node process imports a generator and makes
// one certificate, timed from process spawn to exit. Candidates run alternately, several rounds, medians reported,
// because the machine is shared and only back-to-back runs compare fairly.
// Usage: node bench/micro/cert-start.mjs [rounds] [name=module.mjs ...]
// e.g. selfsigned=/tmp/x/cert-selfsigned.mjs peculiar=/tmp/x/cert-peculiar.mjs (see those files for the set-up).
// Each extra module must export generateCertificate() (sync or async); ours (local/cert.mjs) always runs, plus
// `bare`, a process that imports nothing, to show Node's own start-up cost.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const rounds = Number(process.argv[2] ?? 15);
const candidates = {
  bare: null,
  ours: new URL('../../local/cert.mjs', import.meta.url).href,
  ...Object.fromEntries(process.argv.slice(3).map((arg) => {
    const [name, file] = arg.split('=');
    return [name, pathToFileURL(file).href];
  })),
};

const script = (url) => (url ? `const m = await import(${JSON.stringify(url)}); await m.generateCertificate();` : '');
/** @type {Record<string, number[]>} */
const times = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, url] of Object.entries(candidates)) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(url)], { stdio: ['ignore', 'ignore', 'inherit'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
    times[name].push(ms);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [name, xs] of Object.entries(times)) console.log(`${name.padEnd(12)} median ${median(xs).toFixed(1)} ms  (min ${Math.min(...xs).toFixed(1)}, ${xs.length} runs)`);
