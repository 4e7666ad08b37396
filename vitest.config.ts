import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    // Load tests run after everything else, alone: see vitest.load.config.ts.
    exclude: ['**/node_modules/**', 'test/load/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
