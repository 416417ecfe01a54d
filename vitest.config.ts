import { defineConfig } from 'vitest/config';

// Test tiers are folders, each with its own timeout: many fast unit and
// request tests, a few browser golden paths, and integration tests that
// start real servers (Apache, sshd) and so get the most time.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        test: { name: 'request', include: ['test/request/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
    pool: 'forks',
  },
});
