/**
 * What `_prisma_migrations` says against what is on disk, by Prisma's rules,
 * whatever the database: a row with neither finished_at nor rolled_back_at is
 * a failed migration, which blocks every other; a name with a row that was
 * not rolled back is applied; a name on disk without one is pending.
 */
import type { MigrationFile } from '#app/models/migration/files.ts';
import { checksumMatches } from '#app/models/migration/files.ts';

/** One `_prisma_migrations` row; times as the database stored them. */
export interface MigrationRow {
  name: string;
  checksum: string;
  startedAt: string;
  finishedAt: string | null;
  rolledBackAt: string | null;
  logs: string | null;
}

/**
 * What a database must provide to be migrated: each dialect's part
 * (app/database/<dialect>/migration-store.ts). Each write is one transaction.
 */
export interface MigrationStore {
  readonly provider: string;
  rows(): Promise<MigrationRow[]>;
  /** The script and its row, all or nothing; false when another process recorded it first. */
  apply(migration: MigrationFile): Promise<boolean>;
  /** `migrate resolve --applied`: rolls back the name's failed rows and records it applied, without running it. */
  recordApplied(migration: MigrationFile): Promise<void>;
  /** `migrate resolve --rolled-back`: marks the name's failed rows rolled back; returns how many. */
  recordRolledBack(name: string): Promise<number>;
  close(): void | Promise<void>;
}

export interface MigrationStatus {
  applied: { name: string; appliedAt: string; edited: boolean }[];
  pending: string[];
  failed: { name: string; startedAt: string; error: string }[];
  /** Applied to the database but absent from the migrations folder (e.g. after a rollback to an older release). */
  missing: { name: string; appliedAt: string }[];
}

export function compareHistory(files: MigrationFile[], rows: MigrationRow[]): MigrationStatus {
  const live = rows.filter((row) => row.rolledBackAt === null);
  const finished = new Map(live.filter((row) => row.finishedAt !== null).map((row) => [row.name, row]));
  const onDisk = new Set(files.map((file) => file.name));
  const recorded = new Set(live.map((row) => row.name));
  const applied = files.flatMap((file) => {
    const row = finished.get(file.name);
    return row ? [{ name: file.name, appliedAt: row.finishedAt!, edited: !checksumMatches(file, row.checksum) }] : [];
  });
  return {
    applied,
    pending: files.filter((file) => !recorded.has(file.name)).map((file) => file.name),
    failed: live
      .filter((row) => row.finishedAt === null)
      .map((row) => ({ name: row.name, startedAt: row.startedAt, error: firstLine(row.logs) })),
    missing: [...finished.values()]
      .filter((row) => !onDisk.has(row.name))
      .map((row) => ({ name: row.name, appliedAt: row.finishedAt! }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** P3009's message, with the commands that resolve it. */
export function failedMigrationsMessage(failed: MigrationStatus['failed']): string {
  const lines = failed.map(
    (f) => `migration ${f.name} failed (started ${displayTime(f.startedAt)})${f.error ? `: ${f.error}` : ''}`,
  );
  const name = failed.length === 1 ? failed[0]!.name : 'NAME';
  return [
    ...lines,
    `No migration is applied while ${failed.length === 1 ? 'it is' : 'they are'} recorded as failed. Such a row comes from an older Folio or from prisma migrate deploy, which do not run a migration in one transaction: part of it may be in the database. Check, then either`,
    `  undo what it did, fix the migration, and run: npm run db:migrate -- --rolled-back ${name}   (then npm run db:migrate applies it again)`,
    `  or finish it by hand, and run:                 npm run db:migrate -- --applied ${name}       (records it as applied, without running it)`,
  ].join('\n');
}

export function editedMigrationWarning(name: string): string {
  return `migration ${name} was edited after it was applied: its migration.sql no longer matches the checksum recorded in _prisma_migrations. The database keeps what the applied version did; put further changes in a new migration (npm run db:diff -- NAME).`;
}

/** `2026-12-06T14:16:49.489+00:00` → `2026-12-06 14:16:49 UTC`; anything unparseable as stored. */
export function displayTime(stored: string): string {
  const date = new Date(/^\d+$/.test(stored) ? Number(stored) : stored);
  return Number.isNaN(date.getTime()) ? stored : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Older engine rows keep the database error on the first line of logs, then a wasm stack trace. */
function firstLine(logs: string | null): string {
  return (logs ?? '').split('\n')[0]!.trim();
}
