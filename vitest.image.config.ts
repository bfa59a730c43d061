import { defineConfig } from 'vitest/config';

// npm run test:image: builds deploy/docker/Dockerfile and runs it (minutes; root, buildah, podman, runc, debootstrap).
export default defineConfig({
  test: {
    include: ['test/image/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
