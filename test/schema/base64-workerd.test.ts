// The base64 decoder as deployed: inside workerd it takes the Uint8Array.fromBase64 path, which plain Node
// lacks, so this bundles src/schema/base64.ts into a Miniflare worker and compares it with the kinesalite reference.
import { build } from 'esbuild';
import fc from 'fast-check';
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceBase64 } from './helpers';
import workerDefaults from '../../local/worker-defaults.json';

const entry = fileURLToPath(new URL('../../src/schema/base64.ts', import.meta.url));
let mf: Miniflare;

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: `import { decodeBase64 } from ${JSON.stringify(entry)};
export default { async fetch(request) {
  const texts = await request.json();
  return Response.json({
    native: typeof Uint8Array.fromBase64 === 'function',
    results: texts.map((t) => { try { return Array.from(decodeBase64(t)); } catch (e) { return e.message; } }),
  });
} };`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'neutral',
  });
  mf = new Miniflare({ modules: true, compatibilityDate: workerDefaults.compatibility_date, compatibilityFlags: workerDefaults.compatibility_flags, script: bundle.outputFiles[0].text });
});

afterAll(async () => {
  await mf?.dispose();
});

describe('base64 inside workerd', () => {
  it('uses the platform decoder and gives the same bytes and messages as the reference', async () => {
    const fixed = ['', 'QQ==', 'QUI=', 'QUJD', '23456', 'ab!d', '=+/=', '+/+=', 'QR==', 'Q===', '====', 'ab-_', 'QQ==QQ==', 'QUJD    ', 'QU\nJ', ' QUJ', 'QUJDQUJ\t', 'é===', '\u{1F600}AA'];
    const random = fc.sample(fc.array(fc.constantFrom(...'AQgw/+=9_ \n-'.split('')), { maxLength: 12 }).map((a) => a.join('')), { numRuns: 3000, seed: 42 });
    const valid = fc.sample(fc.uint8Array({ maxLength: 300 }), { numRuns: 300, seed: 7 }).map((b) => Buffer.from(b).toString('base64'));
    const texts = [...fixed, ...random, ...valid];
    const res = await mf.dispatchFetch('http://worker/', { method: 'POST', body: JSON.stringify(texts) });
    const { native, results } = (await res.json()) as { native: boolean; results: (number[] | string)[] };
    expect(native).toBe(true);
    const expected = texts.map((t) => {
      const r = referenceBase64(t);
      return typeof r === 'string' ? r : Array.from(r);
    });
    for (let i = 0; i < texts.length; i++) expect(results[i], JSON.stringify(texts[i])).toEqual(expected[i]);
  });
});
