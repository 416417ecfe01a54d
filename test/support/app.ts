/**
 * A real app on a real database of its own, one per test file: a copy of
 * the database the run's global setup migrated through the same migrator as
 * production (test/support/template-database.ts): a SQLite file in the test's
 * temp dir, or a PostgreSQL database cloned from the template.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '#config/environment.ts';
import { createApplication } from '#config/application.ts';
import { createLogger } from '#app/logger.ts';
import type { Clock } from '#app/clock.ts';
import { execSql } from '#test/support/postgres.ts';
import { sqliteFile } from '#app/database/url.ts';
import type { DatabaseOptions } from '#app/database/boundary.ts';
import { withDatabase, type TemplateDatabase } from '#test/support/template-database.ts';
import { connectDatabase, disconnectDatabase, db } from '#app/models/db.ts';
import { initializeBlog } from '#app/models/blog.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';
import { defaultScryptCost, useScryptCostForTests } from '#app/models/user/password.ts';
import { pageCacheOf } from '#app/page-cache/index.ts';
import type { ServedMap } from '#app/models/redirect/served-map.ts';

export interface TestApp {
  app: Express;
  config: Config;
  dir: string;
  close(): Promise<void>;
}

export const testBaseUrl = 'http://blog.test';

/**
 * `welcome: true` boots like a fresh install (welcome article); the default is an empty blog. `logger` captures the
 * log (test/support/log.ts). `databaseUrl`: a migrated database of the test's own (on a cluster it stops and starts),
 * used instead of a copy of the template; the test drops it.
 */
export async function startTestApp(
  options: {
    welcome?: boolean;
    env?: Record<string, string>;
    logger?: Logger;
    clock?: Clock;
    /** Hooks into the database: which server answered each query, the replica's state (DATABASE_REPLICA_URL). */
    database?: Pick<DatabaseOptions, 'onQuery' | 'onReplicaChange'>;
    databaseUrl?: string;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'folio-test-'));
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => {} }
    : await copyTemplateDatabase(dir, options.env?.DATABASE_URL);
  const config = loadConfig({
    NODE_ENV: 'test',
    FOLIO_DATA_DIR: dir,
    SESSION_SECRET: 'test-secret-that-is-long-enough-for-folio',
    BASE_URL: testBaseUrl,
    FOLIO_COMMENT_MIN_SECONDS: '0',
    // supertest connects from loopback and plays the trusted proxy: X-Forwarded-For picks the client's address.
    FOLIO_TRUSTED_PROXY: 'loopback',
    DATABASE_URL: database.url,
    ...options.env,
  });
  await connectDatabase(config.databaseUrl, { replicaUrl: config.databaseReplicaUrl, ...options.database });
  forgetSettings();
  forgetNavigation();
  // Request tests create and sign in hundreds of accounts: a cheap hash keeps them fast (the OWASP default is proved in test/unit/models/user-password.test.ts).
  useScryptCostForTests({ N: 2 ** 10, r: 8, p: 1 });
  if (options.welcome) await initializeBlog();
  else await db.setting.create({ data: { id: 1 } });
  const app = createApplication(config, options.logger ?? createLogger(config), options.clock);
  return {
    app,
    config,
    dir,
    async close() {
      // Unit files share a process (no isolation): leave no listener, connection or lowered cost to the next file.
      pageCacheOf(app)?.close();
      (app.locals.servedMap as ServedMap | null | undefined)?.close();
      await disconnectDatabase();
      useScryptCostForTests(defaultScryptCost);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether this project's tests use PostgreSQL (it sets FOLIO_TEST_DATABASE; see vitest.config.ts). A
 * project without a template database (the SQLite integration tier makes its own) is on SQLite.
 */
export function testDatabaseKind(): TemplateDatabase['kind'] {
  return inject('templateDatabase')?.kind ?? 'sqlite';
}

/**
 * A copy of the run's template database for one test file (or one app in
 * it), at `sqliteUrl` if given: its URL, and how to drop it.
 */
export async function copyTemplateDatabase(
  dir: string,
  sqliteUrl?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const template = templateDatabase();
  if (template.kind === 'sqlite') {
    const url = sqliteUrl ?? `file:${path.join(dir, `folio-${randomBytes(4).toString('hex')}.db`)}`;
    copyFileSync(template.file, sqliteFile(url));
    return { url, drop: async () => {} };
  }
  const name = `folio_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await execSql(template.server, `CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
  return {
    url: withDatabase(template.server, name),
    drop: () => execSql(template.server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

function templateDatabase(): TemplateDatabase {
  const template = inject('templateDatabase');
  if (!template)
    throw new Error("no template database: this vitest project needs globalSetup 'test/support/template-database.ts'");
  return template;
}
