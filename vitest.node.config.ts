// Plain Node tests: pure model and schema code, the local front, and real AWS clients against `npm start`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/model/**/*.test.ts', 'test/schema/**/*.test.ts', 'test/local/**/*.test.ts', 'test/clients/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Client suites each start their own server; two cores, so keep files sequential.
    fileParallelism: false,
  },
});
