/**
 * SQLite's side of migrating (the MigrationStore of history.ts): each
 * migration runs in one write transaction with the `_prisma_migrations` row
 * that records it, so a failure leaves no trace, and the rows are the ones
 * `prisma migrate deploy` and `migrate resolve` write. No library applies
 * Prisma's migrations transactionally (Prisma's own engine runs a script
 * statement by statement and leaves a failed row behind), so this is ours.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { MigrationFile } from '#app/models/migration/files.ts';
import { MigrationError } from '#app/models/migration/error.ts';
import type { MigrationRow, MigrationStore } from '#app/models/migration/history.ts';
import { promised, sqliteTimestamp } from '#app/database/sqlite/connection.ts';

/** Prisma's DDL for its table on SQLite, verbatim (sqlite_master keeps it without IF NOT EXISTS). */
const migrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * How long to wait for a worker's write to finish before giving up. WAL lets
 * live readers go on beside the migration; writers wait for it in turn.
 */
const busyTimeoutMs = 15_000;

export function openSqliteStore(file: string): MigrationStore {
  let connection: Database.Database | undefined;
  let writable = false;
  const open = (): Database.Database => {
    if (!connection) {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      connection = new Database(file);
      connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
    return connection;
  };
  const openForWriting = (): Database.Database => {
    const db = open();
    if (!writable) {
      // Inside a transaction `PRAGMA foreign_keys=OFF` (which Prisma wraps around a table
      // redefinition) does nothing, and the DROP TABLE of a parent would then cascade to its
      // children's rows. So they are off on this connection, and checked before COMMIT instead.
      db.pragma('foreign_keys = OFF');
      // As every Folio process has it (sqlite.ts): readers never block the migration's commit.
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      writable = true;
    }
    return db;
  };
  const transaction = <T>(failure: string, work: (db: Database.Database) => T): T => {
    const db = openForWriting();
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec(migrationsTable);
      const result = work(db);
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error instanceof MigrationError
        ? error
        : new MigrationError(`${failure}: ${describe(error)}`, { cause: error });
    }
  };

  const appliedRows = (): MigrationRow[] => {
    if (!connection && !existsSync(file)) return [];
    const db = open();
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get())
      return [];
    const rows = db
      .prepare(
        `SELECT "migration_name" AS name, "checksum", "started_at" AS startedAt, "finished_at" AS finishedAt, "rolled_back_at" AS rolledBackAt, "logs"
        FROM "_prisma_migrations" ORDER BY "started_at", "migration_name"`,
      )
      .all() as Record<keyof MigrationRow, string | number | null>[];
    const text = (value: string | number | null) => (value === null ? null : String(value));
    return rows.map((r) => ({
      name: String(r.name),
      checksum: String(r.checksum),
      startedAt: String(r.startedAt),
      finishedAt: text(r.finishedAt),
      rolledBackAt: text(r.rolledBackAt),
      logs: text(r.logs),
    }));
  };

  return {
    provider: 'sqlite',
    rows: () => promised(appliedRows),
    apply: (migration) =>
      promised(() =>
        transaction(`migration ${migration.name} failed`, (db) => {
          if (
            db
              .prepare(`SELECT 1 FROM "_prisma_migrations" WHERE "migration_name" = ? AND "rolled_back_at" IS NULL`)
              .get(migration.name)
          )
            return false;
          const startedAt = now();
          const before = foreignKeyViolations(db);
          db.exec(migration.sql);
          const broken = newViolations(before, foreignKeyViolations(db));
          if (broken)
            throw new MigrationError(
              `migration ${migration.name} failed: it leaves rows that break foreign keys (${broken}); nothing was applied`,
            );
          insertRow(db, migration, { startedAt, finishedAt: now(), logs: null, steps: 1 });
          return true;
        }),
      ),
    recordApplied: (migration) =>
      promised(() =>
        transaction(`recording ${migration.name} as applied failed`, (db) => {
          markFailedRolledBack(db, migration.name);
          const at = now();
          // What the engine's markMigrationApplied writes: no steps run, empty logs.
          insertRow(db, migration, { startedAt: at, finishedAt: at, logs: '', steps: 0 });
        }),
      ),
    recordRolledBack: (name) =>
      promised(() => transaction(`marking ${name} rolled back failed`, (db) => markFailedRolledBack(db, name))),
    close: () => void connection?.close(),
  };
}

function insertRow(
  db: Database.Database,
  migration: MigrationFile,
  row: { startedAt: string; finishedAt: string; logs: string | null; steps: number },
): void {
  db.prepare(
    `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
    VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
  ).run(randomUUID(), migration.checksum, row.finishedAt, migration.name, row.logs, row.startedAt, row.steps);
}

function markFailedRolledBack(db: Database.Database, name: string): number {
  return db
    .prepare(
      `UPDATE "_prisma_migrations" SET "rolled_back_at" = ? WHERE "migration_name" = ? AND "finished_at" IS NULL AND "rolled_back_at" IS NULL`,
    )
    .run(now(), name).changes;
}

/** Violations per child → parent table. Counted before and after, so damage older than the migration does not block it. */
function foreignKeyViolations(db: Database.Database): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of db.pragma('foreign_key_check') as { table: string; parent: string }[]) {
    const key = `"${v.table}" → "${v.parent}"`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function newViolations(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .filter(([key, n]) => n > (before.get(key) ?? 0))
    .map(([key, n]) => `${n - (before.get(key) ?? 0)} in ${key}`)
    .join(', ');
}

/** Prisma's timestamp format, the adapter's: ISO 8601 with milliseconds and +00:00. */
function now(): string {
  return sqliteTimestamp(new Date());
}

function describe(error: unknown): string {
  if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) {
    return `the database is locked: another process kept writing for over ${busyTimeoutMs / 1000} s; try again`;
  }
  return error instanceof Error ? error.message : String(error);
}
