import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, cpSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  applyMigrations,
  diffSchema,
  writeMigration,
  migrationsDir,
  migrationStatus,
  resolveMigration,
  schemaPath,
  MigrationError,
} from '#app/models/migrator.ts';
import { withEngine, noFilters } from '#app/models/migration/engine.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'folio-migrator-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;
/** A new database file and a copy of the real migrations, plus `extra` ones: { name: sql }. */
function fixture(extra: Record<string, string> = {}): { url: string; file: string; migrations: string } {
  const n = ++databases;
  const migrations = path.join(dir, `migrations-${n}`);
  cpSync(migrationsDir, migrations, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) addMigration(migrations, name, sql);
  const file = path.join(dir, `db-${n}.db`);
  return { url: `file:${file}`, file, migrations };
}

function addMigration(migrations: string, name: string, sql: string): void {
  mkdirSync(path.join(migrations, name), { recursive: true });
  writeFileSync(path.join(migrations, name, 'migration.sql'), sql);
}

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

function exec(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const schemaOf = (file: string) =>
  query<object>(file, `SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`);
const rowsOf = (file: string) =>
  query<{
    migration_name: string;
    checksum: string;
    finished_at: string | null;
    rolled_back_at: string | null;
    logs: string | null;
    applied_steps_count: number;
    started_at: string;
  }>(file, `SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`);
const tableExists = (file: string, name: string) =>
  query(file, `SELECT 1 FROM sqlite_master WHERE name = '${name}'`).length > 0;
// Asymmetric matchers are typed `any`; naming them `unknown` keeps that out of the rows they sit in.
const aTimestamp: unknown = expect.any(String);
const quiet = { warn: () => {} };

/** What Folio did before: Prisma's own schema engine (wasm) applying the folder, statement by statement. */
async function applyWithPrismaEngine(url: string, migrations: string): Promise<void> {
  const names = readdirSync(migrations, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationsList = {
    baseDir: migrations,
    lockfile: {
      path: 'migration_lock.toml',
      content: readFileSync(path.join(migrations, 'migration_lock.toml'), 'utf8'),
    },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: readFileSync(path.join(migrations, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
  await withEngine(url, schemaPath, (engine) => engine.applyMigrations({ migrationsList, filters: noFilters }));
}

describe('applying migrations', () => {
  it("applies the real migrations once, to the schema and rows Prisma's engine writes", async () => {
    const ours = fixture();
    const applied = await applyMigrations(ours.url, ours.migrations);
    expect(applied).toEqual(
      readdirSync(migrationsDir)
        .filter((n) => /^\d{14}_/.test(n))
        .sort(),
    );
    expect(await applyMigrations(ours.url, ours.migrations)).toEqual([]);

    const prisma = fixture();
    await applyWithPrismaEngine(prisma.url, prisma.migrations);
    expect(schemaOf(ours.file)).toEqual(schemaOf(prisma.file)); // FTS5 table, triggers and _prisma_migrations' DDL included
    const strip = (rows: ReturnType<typeof rowsOf>) =>
      rows.map((row) => ({
        migration_name: row.migration_name,
        checksum: row.checksum,
        logs: row.logs,
        rolled_back_at: row.rolled_back_at,
        applied_steps_count: row.applied_steps_count,
      }));
    expect(strip(rowsOf(ours.file))).toEqual(strip(rowsOf(prisma.file)));
    for (const row of rowsOf(ours.file)) {
      expect(row.checksum).toBe(
        createHash('sha256')
          .update(readFileSync(path.join(migrationsDir, row.migration_name, 'migration.sql')))
          .digest('hex'),
      );
      expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    }
  });

  it("leaves no trace of a migration that fails, names it with SQLite's error, and applies it once fixed", async () => {
    const { url, file, migrations } = fixture({
      '20990101000000_add_probe': 'CREATE TABLE "Probe" ("id" INTEGER PRIMARY KEY);\n',
      '20990102000000_add_x':
        'CREATE TABLE "First" ("id" INTEGER PRIMARY KEY);\nCREATE TABLEE "Second" ("id" INTEGER);\n',
    });
    const error = await applyMigrations(url, migrations).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toBe('migration 20990102000000_add_x failed: near "TABLEE": syntax error');
    expect(tableExists(file, 'First')).toBe(false);
    expect(tableExists(file, 'Probe')).toBe(true); // the migrations before it stay applied
    expect(rowsOf(file).map((r) => r.migration_name)).not.toContain('20990102000000_add_x');

    addMigration(
      migrations,
      '20990102000000_add_x',
      'CREATE TABLE "First" ("id" INTEGER PRIMARY KEY);\nCREATE TABLE "Second" ("id" INTEGER);\n',
    );
    expect(await applyMigrations(url, migrations)).toEqual(['20990102000000_add_x']);
    expect(tableExists(file, 'First') && tableExists(file, 'Second')).toBe(true);
    expect(rowsOf(file).filter((r) => r.migration_name === '20990102000000_add_x')).toMatchObject([
      { finished_at: aTimestamp, rolled_back_at: null, applied_steps_count: 1 },
    ]);
  });

  it('redefines a parent table as Prisma writes it without touching its children, and refuses one that breaks a foreign key', async () => {
    const { url, file, migrations } = fixture();
    await applyMigrations(url, migrations);
    exec(
      file,
      `INSERT INTO "User" ("login", "displayName", "email", "passwordHash", "updatedAt") VALUES ('ada', 'Ada', 'a@x', 'h', '2026-01-01');
      INSERT INTO "Article" ("title", "slug", "bodySource", "bodyHtml", "authorId", "updatedAt") VALUES ('T', 't', 'b', 'b', 1, '2026-01-01');
      INSERT INTO "Tag" ("name", "slug") VALUES ('t', 't');
      INSERT INTO "Tagging" ("articleId", "tagId") VALUES (1, 1);`,
    );
    // Prisma's table redefinition: with foreign keys on, DROP TABLE "Tag" would cascade to its taggings.
    addMigration(
      migrations,
      '20990101000000_redefine',
      `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Tag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_Tag" ("id", "name", "slug") SELECT "id", "name", "slug" FROM "Tag";
DROP TABLE "Tag";
ALTER TABLE "new_Tag" RENAME TO "Tag";
CREATE UNIQUE INDEX "Tag_slug_key" ON "Tag"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
    );
    expect(await applyMigrations(url, migrations)).toEqual(['20990101000000_redefine']);
    expect(query(file, 'SELECT count(*) AS n FROM "Tagging"')).toEqual([{ n: 1 }]);

    addMigration(migrations, '20990102000000_orphan', 'CREATE TABLE "Marker" ("id" INTEGER);\nDELETE FROM "User";\n');
    await expect(applyMigrations(url, migrations)).rejects.toThrow(
      'migration 20990102000000_orphan failed: it leaves rows that break foreign keys (1 in "Article" → "User"); nothing was applied',
    );
    expect(query(file, 'SELECT count(*) AS n FROM "User"')).toEqual([{ n: 1 }]);
    expect(tableExists(file, 'Marker')).toBe(false);
  });

  it('migrates while another connection holds a read transaction, and waits for a writer to finish', async () => {
    const { url, file, migrations } = fixture();
    await applyMigrations(url, migrations);
    const reader = new Database(file);
    reader.pragma('journal_mode = WAL'); // as every Folio process sets it
    reader.exec('BEGIN');
    expect(reader.prepare('SELECT count(*) AS n FROM "Article"').get()).toEqual({ n: 0 }); // holds its snapshot
    addMigration(migrations, '20990101000000_add_live', 'CREATE TABLE "Live" ("id" INTEGER PRIMARY KEY);\n');
    expect(await applyMigrations(url, migrations)).toEqual(['20990101000000_add_live']);
    reader.exec('COMMIT');
    expect(reader.prepare('SELECT count(*) AS n FROM "Live"').get()).toEqual({ n: 0 });
    reader.close();

    // A worker in the middle of a write (another process, as on a host): the migration waits for its commit.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `
      const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
      db.exec('BEGIN IMMEDIATE'); db.exec('INSERT INTO "Live" DEFAULT VALUES');
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`,
      ],
      { cwd: path.resolve(import.meta.dirname, '../../..') },
    );
    await once(writer.stdout, 'data');
    addMigration(migrations, '20990102000000_add_later', 'CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);\n');
    expect(await applyMigrations(url, migrations)).toEqual(['20990102000000_add_later']);
    expect(query(file, 'SELECT count(*) AS n FROM "Live"')).toEqual([{ n: 1 }]);
    if (writer.exitCode === null) await once(writer, 'exit');
  });

  it('warns about a migration edited after it was applied, without failing', async () => {
    const { url, migrations } = fixture();
    await applyMigrations(url, migrations);
    const edited = readdirSync(migrations).find((n) => n.endsWith('_admin'))!;
    writeFileSync(
      path.join(migrations, edited, 'migration.sql'),
      '-- edited\n' + readFileSync(path.join(migrations, edited, 'migration.sql'), 'utf8'),
    );
    const warnings: string[] = [];
    expect(await applyMigrations(url, migrations, { warn: (m) => warnings.push(m) })).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining(`migration ${edited} was edited after it was applied`)]);
    expect((await migrationStatus(url, migrations)).applied.find((a) => a.name === edited)?.edited).toBe(true);
  });

  it('refuses an unsupported database URL with a clear message', async () => {
    await expect(applyMigrations('mysql://x')).rejects.toThrow(/unsupported DATABASE_URL/);
  });
});

describe('a failed migration recorded by the old engine', () => {
  const bad = '20990101000000_add_x';

  /** A database where Prisma's engine ran a bad migration: its first statement stayed, with a failed row. */
  async function poisoned() {
    const f = fixture({
      [bad]: 'CREATE TABLE "First" ("id" INTEGER PRIMARY KEY);\nCREATE TABLEE "Second" ("id" INTEGER);\n',
    });
    await expect(applyWithPrismaEngine(f.url, f.migrations)).rejects.toThrow(/TABLEE/);
    expect(rowsOf(f.file).find((r) => r.migration_name === bad)).toMatchObject({
      finished_at: null,
      rolled_back_at: null,
    });
    return f;
  }

  it('blocks every migration with a message that names it and the commands that resolve it', async () => {
    const { url, migrations } = await poisoned();
    addMigration(migrations, '20990102000000_next', 'CREATE TABLE "Next" ("id" INTEGER);\n');
    const error = (await applyMigrations(url, migrations, quiet).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toContain(`migration ${bad} failed (started `);
    expect(error.message).toContain('): near "TABLEE": syntax error\n'); // the first line of the engine's log, not its wasm trace
    expect(error.message).not.toContain('schema_engine');
    expect(error.message).toContain(`npm run db:migrate -- --rolled-back ${bad}`);
    expect(error.message).toContain(`npm run db:migrate -- --applied ${bad}`);
    expect(await migrationStatus(url, migrations)).toMatchObject({
      failed: [{ name: bad, error: 'near "TABLEE": syntax error' }],
      pending: ['20990102000000_next'],
    });
  });

  it('--rolled-back unblocks it: undone by hand and fixed, it is applied again', async () => {
    const { url, file, migrations } = await poisoned();
    exec(file, 'DROP TABLE "First"'); // the operator undoes what ran
    await resolveMigration(url, bad, 'rolled-back', migrations);
    expect(rowsOf(file).find((r) => r.migration_name === bad)?.rolled_back_at).toMatch(/\+00:00$/);
    expect((await migrationStatus(url, migrations)).pending).toEqual([bad]);
    addMigration(
      migrations,
      bad,
      'CREATE TABLE "First" ("id" INTEGER PRIMARY KEY);\nCREATE TABLE "Second" ("id" INTEGER);\n',
    );
    expect(await applyMigrations(url, migrations, quiet)).toEqual([bad]);
    await expect(resolveMigration(url, bad, 'rolled-back', migrations)).rejects.toThrow(
      `migration ${bad} is not failed (it is applied)`,
    );
  });

  it('--applied records it as applied without running it, as prisma migrate resolve does', async () => {
    const { url, file, migrations } = await poisoned();
    exec(file, 'CREATE TABLE "Second" ("id" INTEGER)'); // the operator finishes it
    await resolveMigration(url, bad, 'applied', migrations);
    const rows = rowsOf(file).filter((r) => r.migration_name === bad);
    expect(rows).toMatchObject([
      { finished_at: null, rolled_back_at: aTimestamp },
      { finished_at: aTimestamp, rolled_back_at: null, logs: '', applied_steps_count: 0 },
    ]);
    expect(rows[1]!.finished_at).toBe(rows[1]!.started_at);
    const status = await migrationStatus(url, migrations);
    expect(status).toMatchObject({ pending: [], failed: [] });
    expect(status.applied.map((a) => a.name)).toContain(bad);
    await expect(resolveMigration(url, bad, 'applied', migrations)).rejects.toThrow(
      `migration ${bad} is already recorded as applied`,
    );
  });

  it('refuses an unknown name and a pending migration for --rolled-back', async () => {
    const { url, migrations } = fixture({ [bad]: 'SELECT 1;\n' });
    await expect(resolveMigration(url, 'nope', 'applied', migrations)).rejects.toThrow('unknown migration "nope"');
    await expect(resolveMigration(url, 'nope', 'rolled-back', migrations)).rejects.toThrow('unknown migration "nope"');
    await expect(resolveMigration(url, bad, 'rolled-back', migrations)).rejects.toThrow(
      `migration ${bad} is not failed (it was never applied)`,
    );
    await resolveMigration(url, bad, 'applied', migrations); // a pending one, recorded without running
    expect((await migrationStatus(url, migrations)).pending).toEqual(
      readdirSync(migrationsDir)
        .filter((n) => /^\d{14}_/.test(n))
        .sort(),
    );
  });
});

describe('status', () => {
  it('lists applied (with when), pending, and applied migrations missing from the folder', async () => {
    const { url, migrations } = fixture({ '20990101000000_later': 'CREATE TABLE "Later" ("id" INTEGER);\n' });
    rmSync(path.join(migrations, '20990101000000_later'), { recursive: true });
    await applyMigrations(url, migrations);
    addMigration(migrations, '20990101000000_later', 'CREATE TABLE "Later" ("id" INTEGER);\n');
    addMigration(migrations, '20990102000000_gone', 'CREATE TABLE "Gone" ("id" INTEGER);\n');
    await applyMigrations(url, migrations);
    rmSync(path.join(migrations, '20990101000000_later'), { recursive: true });
    rmSync(path.join(migrations, '20990102000000_gone'), { recursive: true });
    addMigration(migrations, '20990103000000_next', 'SELECT 1;\n');
    const status = await migrationStatus(url, migrations);
    expect(status.pending).toEqual(['20990103000000_next']);
    expect(status.missing.map((m) => m.name)).toEqual(['20990101000000_later', '20990102000000_gone']);
    expect(status.applied.every((a) => /\+00:00$/.test(a.appliedAt) && !a.edited)).toBe(true);
    expect(status.failed).toEqual([]);
  });

  it('reads a database that does not exist as one with everything pending, without creating it', async () => {
    const { url, file, migrations } = fixture();
    expect((await migrationStatus(url, migrations)).pending.length).toBeGreaterThan(0);
    expect(readdirSync(dir)).not.toContain(path.basename(file));
  });
});

describe('writing migrations (Prisma schema engine, wasm)', () => {
  it('finds no drift between schema.prisma and the committed migrations', async () => {
    expect(await diffSchema()).toBe('');
  });

  it('writes a new migration that the next apply picks up', async () => {
    const { url, migrations } = fixture();
    const folder = await writeMigration(
      'add_probe',
      'CREATE TABLE "Probe" ("id" INTEGER PRIMARY KEY);',
      'sqlite',
      migrations,
      new Date('2099-01-01T00:00:00Z'),
    );
    expect(path.basename(folder)).toBe('20990101000000_add_probe');
    expect(await applyMigrations(url, migrations)).toContain('20990101000000_add_probe');
    expect(readFileSync(path.join(migrations, 'schema-snapshot.prisma'), 'utf8')).toContain('model Article');
    await expect(writeMigration('Bad Name', 'SELECT 1', 'sqlite', migrations)).rejects.toThrow(/lower_snake_case/);
  });
});
