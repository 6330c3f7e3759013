// What `--auth verify` adds per request, measured on the verifier alone, in workerd: src/auth/verify.ts's
// verifySignature (after sigv4.ts's readSignature, as the pipeline calls it) on the two bodies the bench's put
// scenarios send, a PutRecord of 100 bytes and a PutRecords of 500 x 1 KiB, signed by the bench's signer
// (local/sigv4.mjs). A small Worker bundled from those two files (esbuild, as the Worker is) runs in Miniflare with
// the Worker's compatibility date and flags; each request asks it to verify the same signed request n times.
// workerd's clock does not advance during a request, so the CPU is read from outside: workerd's utime + stime from
// /proc (10 ms ticks: K is set for ~0.4 s each), for n = K minus for n = 0 (the same request otherwise: its JSON, the
// body's base64), divided by K.
// It is the floor of what `ours (verify)` should cost more than `ours (in-memory)` per call: the crypto and the
// canonical request, without the rest of a request. Medians of several rounds, because the machine is shared.
// The tenant lookup answers from memory, as the server's --tenant list does (the TENANTS var, parsed once).
// Usage: node bench/micro/sigv4-verify.mjs [rounds]
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSigner } from '../../local/sigv4.mjs';
import { workerDefaults } from '../../local/worker-defaults.mjs';
import { commandName, processTree, treeCpuMs } from '../proc.mjs';
import { payloadB64, putRecordsBody, randomKey } from '../records.mjs';
import { median } from '../stats.mjs';

const rounds = Math.max(1, Number(process.argv[2]) || 9);
const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const tenant = { accessKeyId: 'AKIABENCH00000000001', secretAccessKey: 'benchsecret', account: '111111111111' };

// The Worker: verifies the request it is sent (headers, base64 body, signing time) n times; a wrong signature throws.
const workerSource = `
import { verifySignature } from ${JSON.stringify(path.join(root, 'src/auth/verify.ts'))};
import { readSignature } from ${JSON.stringify(path.join(root, 'src/auth/sigv4.ts'))};
const tenant = ${JSON.stringify(tenant)};
const lookup = async () => tenant;
export default {
  async fetch(req) {
    const { headers, body, n, now } = await req.json();
    const h = new Headers(headers);
    const url = new URL('http://' + h.get('host') + '/');
    const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
    const request = { method: 'POST', url, headers: h, body: bytes };
    for (let i = 0; i < n; i++) await verifySignature(readSignature(h, url), request, now, lookup);
    return new Response(String(bytes.length));
  },
};`;
const out = mkdtempSync(path.join(tmpdir(), 'sigv4-verify-'));
let mf;
try {
  const scriptPath = path.join(out, 'worker.mjs');
  await build({ stdin: { contents: workerSource, resolveDir: root, loader: 'js' }, bundle: true, format: 'esm', platform: 'neutral', external: ['node:*'], outfile: scriptPath, logLevel: 'error' });
  mf = new Miniflare({ modules: true, scriptPath, modulesRoot: out, compatibilityDate: workerDefaults.compatibility_date, compatibilityFlags: workerDefaults.compatibility_flags });
  await mf.ready;
  const workerd = processTree(process.pid).find((p) => commandName(p.pid) === 'workerd');
  if (!workerd) throw new Error('no workerd process under this one');

  const sign = createSigner(tenant);
  const host = '127.0.0.1:4567';
  const stream = 'bench-sigv4-verify';
  const cases = [
    { name: 'PutRecord, 100 bytes', records: 1, k: 20_000, op: 'PutRecord', json: JSON.stringify({ StreamName: stream, Data: payloadB64(0, 100), PartitionKey: randomKey() }) },
    { name: 'PutRecords, 500 x 1 KiB', records: 500, k: 1_000, op: 'PutRecords', json: putRecordsBody(stream, 0, 500, 1024) },
  ];
  for (const c of cases) {
    const body = Buffer.from(c.json);
    const now = new Date();
    const headers = { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Kinesis_20131202.${c.op}` };
    Object.assign(headers, sign({ host, headers, body, now }));
    const cpuOf = async (n) => {
      const before = treeCpuMs(workerd.pid);
      const res = await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify({ headers, body: body.toString('base64'), n, now: now.getTime() }) });
      const text = await res.text();
      if (res.status !== 200 || Number(text) !== body.length) throw new Error(`${c.name}: the Worker answered ${res.status}: ${text.slice(0, 300)}`);
      return treeCpuMs(workerd.pid) - before;
    };
    await cpuOf(c.k); // warm-up (and a wrong signature fails here)
    const perCall = [];
    for (let r = 0; r < rounds; r++) {
      const base = await cpuOf(0);
      perCall.push(((await cpuOf(c.k)) - base) * 1000 / c.k);
    }
    const us = /** @type {number} */ (median(perCall)); // rounds >= 1
    console.log(`${c.name} (${body.length.toLocaleString('en-US')} body bytes): ${us.toFixed(1)} µs of workerd CPU per verification` +
      (c.records > 1 ? ` = ${(us / c.records).toFixed(2)} µs/record` : '') + ` (median of ${rounds}, ${c.k} each)`);
  }
} finally {
  await mf?.dispose();
  rmSync(out, { recursive: true, force: true });
}
