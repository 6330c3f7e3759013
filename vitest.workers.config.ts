// Worker and Durable Object tests inside workerd, through @cloudflare/vitest-pool-workers.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { workerDefaults } from './local/worker-defaults.mjs';

// wrangler.toml's top level is the team deployment; its deployed-only vars (JSON request logs, signature checks) are
// emptied here as they are locally, and a test that needs one sets it itself.
const localOnly = Object.fromEntries(Object.keys(workerDefaults.deployed_vars).map((name) => [name, '']));

// workerd logs "WebSocket peer disconnected" each time the pool closes its socket to a test runner: normal teardown,
// printed once per test file. The pool filters the other shapes of this noise but, in this version, not this one
// (fixed upstream: https://github.com/cloudflare/workers-sdk/pull/13833), and its log handler cannot be replaced
// from here. It writes workerd's info-level lines to stdout (warnings and errors to stderr), one write per message:
// drop exactly that message, maybe with its stack line. Anything else, other workerd errors included, still prints.
const PEER_DISCONNECTED = /^(?:exception = )?workerd\/api\/web-socket\.c\+\+:\d+: disconnected: WebSocket peer disconnected(?:\nstack:[^\n]*)?\n?$/;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && PEER_DISCONNECTED.test(chunk) ? true : write(chunk, ...rest)) as typeof stream.write;
}

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // Tests exercise CREATING -> ACTIVE with a controlled clock; keep the default delays.
        // TENANT_KEY: the tenant object encrypts admin-created tenants' secrets with it (test/admin/).
        bindings: { SHARD_LIMIT: '50', ...localOnly, TENANT_KEY: 'test-tenant-key' },
      },
    }),
  ],
  test: {
    include: ['test/operations/**/*.test.ts', 'test/objects/**/*.test.ts', 'test/protocol/**/*.test.ts', 'test/auth/**/*.test.ts', 'test/admin/**/*.test.ts', 'test/app/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
