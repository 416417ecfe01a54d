/**
 * A real app on a real SQLite file in its own temp dir, one per test file:
 * a copy of the database the run's global setup migrated through the same
 * migrator as production (test/support/template-database.ts).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '#config/environment.ts';
import { createApplication } from '#config/application.ts';
import { createLogger } from '#app/logger.ts';
import type { Clock } from '#app/clock.ts';
import { sqliteFile } from '#app/database/url.ts';
import { connectDatabase, disconnectDatabase, db } from '#app/models/db.ts';
import { initializeBlog } from '#app/models/blog.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';
import { defaultScryptCost, useScryptCostForTests } from '#app/models/user/password.ts';
import { pageCacheOf } from '#app/page-cache/index.ts';

export interface TestApp {
  app: Express;
  config: Config;
  dir: string;
  close(): Promise<void>;
}

export const testBaseUrl = 'http://blog.test';

/** `welcome: true` boots like a fresh install (welcome article); the default is an empty blog. `logger` captures the log (test/support/log.ts). */
export async function startTestApp(
  options: { welcome?: boolean; env?: Record<string, string>; logger?: Logger; clock?: Clock } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'folio-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    FOLIO_DATA_DIR: dir,
    SESSION_SECRET: 'test-secret-that-is-long-enough-for-folio',
    BASE_URL: testBaseUrl,
    FOLIO_COMMENT_MIN_SECONDS: '0',
    // supertest connects from loopback and plays the trusted proxy: X-Forwarded-For picks the client's address.
    FOLIO_TRUSTED_PROXY: 'loopback',
    ...options.env,
  });
  copyFileSync(templateDatabase(), sqliteFile(config.databaseUrl));
  await connectDatabase(config.databaseUrl);
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
      await disconnectDatabase();
      useScryptCostForTests(defaultScryptCost);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function templateDatabase(): string {
  const file = inject('templateDatabase');
  if (!file)
    throw new Error("no template database: this vitest project needs globalSetup 'test/support/template-database.ts'");
  return file;
}
