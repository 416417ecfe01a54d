/**
 * SQLite's half of db:backup and db:restore. The backup goes through
 * SQLite's online backup API, so it is a consistent copy even while workers
 * write. The restore never touches the live file until a checked copy sits
 * beside it: the copy is made and checked as `<db>.restoring`, the live file
 * (with its -wal and -shm) is renamed aside, the copy renamed in, and only
 * when every part of the restore is in place are the old files removed.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BackupError } from '#app/database/backup-error.ts';

/** The database file a `file:` DATABASE_URL names, absolute. */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.slice('file:'.length).replace(/\?.*$/, ''));
}

/** A consistent copy of `source` at `destination`; resolves with the migrations applied to it. */
export async function backupSqlite(source: string, destination: string): Promise<string[]> {
  if (!existsSync(source)) throw new BackupError(`there is no database to back up at ${source}`);
  const live = new Database(source, { fileMustExist: true });
  try {
    await live.backup(destination);
  } finally {
    live.close();
  }
  // A backup is one self-contained file: out of WAL mode, so no -wal or -shm file is left beside it.
  const copy = new Database(destination, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return sqliteMigrations(destination);
}

/** Names of the migrations `_prisma_migrations` records as applied (none when it has no such table). */
export function sqliteMigrations(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!table) return [];
    return db
      .prepare(
        'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
      )
      .all()
      .map((row) => (row as { name: string }).name);
  } finally {
    db.close();
  }
}

/** A restore that has been prepared beside the live database and can be put in place, or dropped. */
export interface StagedSwap {
  /** Moves the staged copy in, the live one aside. */
  commit(): void;
  /** After commit: puts the live one back. */
  undo(): void;
  /** After commit: removes what was moved aside. */
  finish(): void;
  /** Before commit: removes the staged copy. */
  discard(): void;
}

const companions = ['', '-wal', '-shm', '-journal'];

/** Copies the backup beside `target` and checks it (`PRAGMA quick_check`); nothing live is touched yet. */
export function stageSqlite(backup: string, target: string): StagedSwap {
  const staged = `${target}.restoring`;
  const aside = `${target}.before-restore`;
  for (const suffix of companions) rmSync(`${staged}${suffix}`, { force: true });
  const discard = () => companions.forEach((suffix) => rmSync(`${staged}${suffix}`, { force: true }));
  try {
    copyFileSync(backup, staged);
    quickCheck(staged);
  } catch (error) {
    discard();
    throw error;
  }
  const moved: string[] = [];
  return {
    commit() {
      for (const suffix of companions) rmSync(`${aside}${suffix}`, { force: true });
      for (const suffix of companions) {
        if (!existsSync(`${target}${suffix}`)) continue;
        renameSync(`${target}${suffix}`, `${aside}${suffix}`);
        moved.push(suffix);
      }
      renameSync(staged, target);
      // The checked copy's own journal files, if SQLite left any, belong to it.
      for (const suffix of companions.slice(1))
        if (existsSync(`${staged}${suffix}`)) renameSync(`${staged}${suffix}`, `${target}${suffix}`);
    },
    undo() {
      for (const suffix of companions) rmSync(`${target}${suffix}`, { force: true });
      for (const suffix of moved) renameSync(`${aside}${suffix}`, `${target}${suffix}`);
    },
    finish() {
      for (const suffix of moved) rmSync(`${aside}${suffix}`, { force: true });
    },
    discard,
  };
}

function quickCheck(file: string): void {
  let result: unknown;
  try {
    const check = new Database(file, { fileMustExist: true });
    try {
      result = check.pragma('quick_check', { simple: true });
    } finally {
      check.close();
    }
  } catch (error) {
    throw new BackupError(`the backed-up database cannot be read: ${(error as Error).message}`);
  }
  if (result !== 'ok') throw new BackupError(`the backed-up database fails SQLite's quick_check: ${String(result)}`);
}
