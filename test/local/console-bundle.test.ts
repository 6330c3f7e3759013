// src/console/script.generated.ts is what wrangler deploy, wrangler dev and the Worker test pool serve at
// /console/console.js (they bundle src/ without local/build.mjs): it must be the bundle of console/ as it is.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { consoleModule, consoleModulePath } from '../../local/build.mjs';

test('the committed console bundle is the bundle of console/ (else run `npm run build:console` and commit)', async () => {
  const fresh: string = await consoleModule();
  expect(readFileSync(consoleModulePath, 'utf8') === fresh, 'src/console/script.generated.ts is stale: run `npm run build:console`').toBe(true);
});
