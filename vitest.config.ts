import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // etcd-backed suites each start their own server; two cores, so keep forks few.
    pool: 'forks',
    maxWorkers: 2,
  },
});
