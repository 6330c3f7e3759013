// The Worker's compatibility date and flags, Durable Object bindings and env var defaults, read from their one
// source, worker-defaults.json: the Worker imports the same file (src/limits.ts), and wrangler.toml, which cannot
// import, is held to it by test/local/defaults.test.ts. The file sits in local/ because an installed package has
// local/ but no src/. Its keys are wrangler.toml's, so that the test compares like with like.
import { readFileSync } from 'node:fs';

/** @type {typeof import('./worker-defaults.json')} */
export const workerDefaults = JSON.parse(readFileSync(new URL('./worker-defaults.json', import.meta.url), 'utf8'));

/** The env var defaults (wrangler.toml's [vars]): strings, as env vars are. */
export const defaultVars = workerDefaults.vars;
