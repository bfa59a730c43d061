import { defineConfig } from 'vitest/config';

// The CLI tests, run again by every `cli:*` project with another runner (test/ship/cli-runner-setup.ts): the single
// executable alone without Node, and dist/confetti.js on each Node major that `engines` promises.
const CLI_TESTS = [
  'test/cli/render.test.ts',
  'test/cli/check.test.ts',
  'test/cli/partials.test.ts',
  'test/cli/backends.test.ts',
  'test/cli/closed-pipe.test.ts',
  'test/e2e/haproxy.test.ts',
  'test/e2e/register.test.ts',
  'test/ops/metrics-health.test.ts',
  'test/ship/runner.test.ts',
];
// Stops the run at once, naming the Debian package, when a tool the tests use is missing.
const REQUIRE_TOOLS = 'test/support/require-tools.ts';
const runner = (name: string) => ({
  extends: true as const,
  test: { name, include: CLI_TESTS, globalSetup: [REQUIRE_TOOLS, 'test/ship/cli-runner-setup.ts'] },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // etcd-backed suites each start their own server; two cores, so keep forks few.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      // test/image/ builds and runs the container image: `npm run test:image` (vitest.image.config.ts).
      {
        extends: true,
        test: {
          name: 'default',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/image/**'],
          globalSetup: [REQUIRE_TOOLS],
        },
      },
      runner('cli:sea'),
      runner('cli:node20'),
      runner('cli:node22'),
      runner('cli:node24'),
    ],
  },
});
