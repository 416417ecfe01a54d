/**
 * Vitest global setup: migrates one template database per run, through the
 * same migrator as production, and provides where it is as
 * `templateDatabase`; startTestApp copies it for each test file (a copy takes
 * milliseconds; migrating takes seconds, most of it loading the migrator).
 *
 * Which database: SQLite (a file), or PostgreSQL when the project sets
 * FOLIO_TEST_DATABASE=postgresql. Then the run uses the cluster at
 * FOLIO_TEST_POSTGRES_URL (CI starts one) or starts a throwaway one
 * (test/support/postgres.ts), and the template is a database that each test
 * file clones with CREATE DATABASE … TEMPLATE.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '#app/models/migrator.ts';
import { execSql, startPostgresCluster } from '#test/support/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty database that test files copy and never open in place. */
    templateDatabase: TemplateDatabase;
  }
}

export type TemplateDatabase =
  | { kind: 'sqlite'; file: string }
  /** `server` is the cluster's maintenance URL (…/postgres); `name` the template database on it. */
  | { kind: 'postgresql'; server: string; name: string };

export default async function migrateTemplateDatabase(project: TestProject): Promise<() => Promise<void> | void> {
  // The project's env (vitest.config.ts) reaches its test files, not this process: read it from the config.
  if (project.config.env?.FOLIO_TEST_DATABASE === 'postgresql') return postgresTemplate(project);
  const dir = mkdtempSync(path.join(tmpdir(), 'folio-template-'));
  const file = path.join(dir, 'template.db');
  await applyMigrations(`file:${file}`);
  // The migrator closes its connection, which checkpoints the WAL into the file: the file alone is the database.
  if (existsSync(`${file}-wal`)) throw new Error(`the template database left a WAL file beside ${file}`);
  project.provide('templateDatabase', { kind: 'sqlite', file });
  return () => rmSync(dir, { recursive: true, force: true });
}

async function postgresTemplate(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.FOLIO_TEST_POSTGRES_URL;
  const cluster = given ? undefined : await startPostgresCluster();
  const server = given ?? cluster!.url('postgres');
  // One template per project and run, so projects (and parallel runs on one CI cluster) never share one.
  const name = `folio_template_${process.pid}_${project.name.replace(/\W/g, '_')}`;
  await execSql(server, `DROP DATABASE IF EXISTS "${name}"`);
  await execSql(server, `CREATE DATABASE "${name}"`);
  await applyMigrations(withDatabase(server, name));
  project.provide('templateDatabase', { kind: 'postgresql', server, name });
  return async () => {
    if (cluster) await cluster.stop();
    else await execSql(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
}

/** The same server, another database. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
