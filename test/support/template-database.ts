/**
 * Vitest global setup: migrates one SQLite database per run, through the same
 * migrator as production, and provides its path as `templateDatabase`.
 * startTestApp copies that file for each test file (a copy takes
 * milliseconds; migrating takes seconds, most of it loading the migrator).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '#app/models/migrator.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty SQLite file that test files copy and never open in place. */
    templateDatabase: string;
  }
}

export default async function migrateTemplateDatabase(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'folio-template-'));
  const file = path.join(dir, 'template.db');
  await applyMigrations(`file:${file}`);
  // The migrator closes its connection, which checkpoints the WAL into the file: the file alone is the database.
  if (existsSync(`${file}-wal`)) throw new Error(`the template database left a WAL file beside ${file}`);
  project.provide('templateDatabase', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
