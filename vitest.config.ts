import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongPolesFirst from './test/support/long-poles-first.ts';

// Test tiers are folders, each with its own timeout: many fast unit and
// request tests, a few browser golden paths, and integration tests that
// start real servers (Apache, sshd) and so get the most time.
//
// Tiers that open the app's database migrate it once per run
// (templateDatabase) and copy it per test file. Unit files share their
// worker's modules (no isolation: importing the app costs more than most of
// its tests); request and browser files keep a fresh module graph each, for
// the process-wide state an app holds (the sign-in throttle's client, page
// cache listeners). Vitest's default is one worker less than the cores,
// which is one on a 2-core machine: one per core instead.
const templateDatabase = 'test/support/template-database.ts';

// The request tier, and the integration files whose blog lives in the
// database, run twice: on SQLite and on PostgreSQL (a throwaway cluster, or
// CI's at FOLIO_TEST_POSTGRES_URL; see template-database.ts).
const onPostgres = { FOLIO_TEST_DATABASE: 'postgresql' };

// The integration tier (real Apache, nginx, sshd, PostgreSQL and worker
// pools) runs after the other tiers, two files at a time. Its projects share
// one sequence.groupOrder, and vitest runs a group with one maxWorkers for
// all of it (they must be equal): with 1 each, the whole tier ran one file at
// a time, not as lanes side by side. Its longest files start first
// (test/support/long-poles-first.ts).
const integrationLanes = Math.min(2, availableParallelism());

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
          hookTimeout: 30_000,
          globalSetup: templateDatabase,
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'request',
          include: ['test/request/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          globalSetup: templateDatabase,
        },
      },
      {
        extends: true,
        test: {
          name: 'request-postgresql',
          include: ['test/request/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          globalSetup: templateDatabase,
          env: onPostgres,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: templateDatabase,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/deploy/**'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: integrationLanes,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-deploy',
          include: ['test/integration/deploy/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: integrationLanes,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // The integration files whose blog lives in the database, again on PostgreSQL: real worker
          // pools behind real Apache, each on a database cloned from the run's template.
          name: 'integration-postgresql',
          include: [
            'test/integration/apache/apache.test.ts',
            'test/integration/apache/worker-death.test.ts',
            'test/integration/xmlrpc.test.ts',
            'test/integration/micropub.test.ts',
            'test/integration/webmention-round-trip.test.ts',
          ],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: integrationLanes,
          sequence: { groupOrder: 1 },
          globalSetup: templateDatabase,
          env: onPostgres,
        },
      },
    ],
    pool: 'forks',
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongPolesFirst },
  },
});
