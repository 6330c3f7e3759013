// Worker and Durable Object tests inside workerd, through @cloudflare/vitest-pool-workers.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // Tests exercise CREATING -> ACTIVE with a controlled clock; keep the default delays.
        bindings: { SHARD_LIMIT: '50' },
      },
    }),
  ],
  test: {
    include: ['test/operations/**/*.test.ts', 'test/objects/**/*.test.ts', 'test/protocol/**/*.test.ts', 'test/auth/**/*.test.ts', 'test/app/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
