import { defineConfig } from 'vitest/config';

/**
 * Load tests (test/load): bounded in size and time, run by `npm test` after every other suite and
 * one file at a time, so the latencies they assert are the server's, not those of suites beside them.
 */
export default defineConfig({
  test: {
    include: ['test/load/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
