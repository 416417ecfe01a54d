import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, cpSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, diffSchema, writeMigration, migrationsDir } from '#app/models/migrator.ts';

describe('migrator (Prisma schema engine, wasm)', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'folio-migrator-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the migrations once and records them as prisma migrate deploy does', async () => {
    const url = `file:${path.join(dir, 'a.db')}`;
    const first = await applyMigrations(url);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual([]);

    const db = new Database(path.join(dir, 'a.db'), { readonly: true });
    const rows = db.prepare('SELECT migration_name, finished_at, checksum FROM _prisma_migrations ORDER BY migration_name').all() as { migration_name: string; finished_at: string | null; checksum: string }[];
    expect(rows.map((r) => r.migration_name)).toEqual(first);
    expect(rows.every((r) => r.finished_at !== null && r.checksum.length === 64)).toBe(true);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['Article', 'Comment', 'Setting', 'ArticleSearch']));
    db.close();
  });

  it('finds no drift between schema.prisma and the committed migrations', async () => {
    expect(await diffSchema()).toBe('');
  });

  it('writes a new migration that the next apply picks up', async () => {
    const migrations = path.join(dir, 'migrations');
    cpSync(migrationsDir, migrations, { recursive: true });
    const folder = await writeMigration('add_probe', 'CREATE TABLE "Probe" ("id" INTEGER PRIMARY KEY);', migrations, new Date('2099-01-01T00:00:00Z'));
    expect(path.basename(folder)).toBe('20990101000000_add_probe');
    const url = `file:${path.join(dir, 'c.db')}`;
    expect(await applyMigrations(url, migrations)).toContain('20990101000000_add_probe');
    expect(readFileSync(path.join(migrations, 'schema-snapshot.prisma'), 'utf8')).toContain('model Article');
    await expect(writeMigration('Bad Name', 'SELECT 1', migrations)).rejects.toThrow(/lower_snake_case/);
  });

  it('migrates beside a process that has the database open (a live worker during a deploy)', async () => {
    const file = path.join(dir, 'live.db');
    const migrations = path.join(dir, 'live-migrations');
    cpSync(migrationsDir, migrations, { recursive: true });
    await applyMigrations(`file:${file}`, migrations);
    const worker = new Database(file);
    worker.pragma('journal_mode = WAL'); // as every Folio process sets it
    try {
      expect(worker.prepare('SELECT count(*) AS n FROM "Article"').get()).toEqual({ n: 0 });
      await writeMigration('add_live', 'CREATE TABLE "Live" ("id" INTEGER PRIMARY KEY);', migrations, new Date('2099-02-01T00:00:00Z'));
      expect(await applyMigrations(`file:${file}`, migrations)).toEqual(['20990201000000_add_live']);
      expect(worker.prepare('SELECT count(*) AS n FROM "Live"').get()).toEqual({ n: 0 });
    } finally {
      worker.close();
    }
  });

  it('refuses an unsupported database URL with a clear message', async () => {
    await expect(applyMigrations('mysql://x')).rejects.toThrow(/unsupported DATABASE_URL/);
  });
});
