/**
 * Applies, inspects, resolves and writes the migrations in
 * `prisma/migrations/<name>/migration.sql`, keeping `_prisma_migrations`
 * exactly as Prisma does, so a database migrated here is one `prisma migrate
 * deploy` recognises, and vice versa. (The Prisma CLI downloads a native
 * engine at run time, which offline machines cannot do.)
 *
 * Applying is ours, one transaction per migration (migration/sqlite-store.ts,
 * the only SQLite-specific part); writing a migration is Prisma's schema
 * engine, compiled to WebAssembly (migration/engine.ts).
 */
import { readFile, mkdir, writeFile, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sqliteFile } from '#app/models/adapter.ts';
import { MigrationError } from '#app/models/migration/error.ts';
import { readMigrationFiles } from '#app/models/migration/files.ts';
import {
  compareHistory,
  editedMigrationWarning,
  failedMigrationsMessage,
  type MigrationStatus,
  type MigrationStore,
} from '#app/models/migration/history.ts';
import { openSqliteStore } from '#app/models/migration/sqlite-store.ts';
import { appRoot } from '#app/root.ts';

export { MigrationError } from '#app/models/migration/error.ts';
export { displayTime, type MigrationStatus } from '#app/models/migration/history.ts';

export const schemaPath = path.join(appRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(appRoot, 'prisma/migrations');

export interface ApplyOptions {
  /** Hears what is wrong but does not stop the run (a migration edited after it was applied). */
  warn?: (message: string) => void;
}

/**
 * Applies every pending migration, each in its own transaction; returns the
 * names it applied. Refuses while a failed migration is recorded (Prisma's
 * P3009). A migration that fails leaves nothing behind, and those before it
 * stay applied: MigrationError names it and gives the database's error.
 */
export async function applyMigrations(
  databaseUrl: string,
  dir = migrationsDir,
  options: ApplyOptions = {},
): Promise<string[]> {
  const warn = options.warn ?? ((message: string) => console.warn(`warning: ${message}`));
  return withStore(databaseUrl, async (store) => {
    const files = await readMigrationFiles(dir, store.provider);
    const status = compareHistory(files, await store.rows());
    for (const edited of status.applied.filter((a) => a.edited)) warn(editedMigrationWarning(edited.name));
    if (status.failed.length > 0) throw new MigrationError(failedMigrationsMessage(status.failed));
    const byName = new Map(files.map((file) => [file.name, file]));
    const applied: string[] = [];
    for (const name of status.pending) if (await store.apply(byName.get(name)!)) applied.push(name);
    // Data SQL cannot derive (search's plain text of rendered HTML), for rows written before its column.
    if (applied.length > 0) {
      const { fillSearchText } = await import('#app/models/article/search-text.ts');
      fillSearchText(databaseUrl);
    }
    return applied;
  });
}

/** Applied (with when), pending, failed, and applied-but-missing-on-disk migrations. */
export async function migrationStatus(databaseUrl: string, dir = migrationsDir): Promise<MigrationStatus> {
  return withStore(databaseUrl, async (store) =>
    compareHistory(await readMigrationFiles(dir, store.provider), await store.rows()),
  );
}

/**
 * `prisma migrate resolve`: `rolled-back` marks a failed migration rolled
 * back (fixed, it is applied again by the next run); `applied` records a
 * pending or failed one as applied without running it (finished by hand).
 */
export async function resolveMigration(
  databaseUrl: string,
  name: string,
  as: 'applied' | 'rolled-back',
  dir = migrationsDir,
): Promise<void> {
  await withStore(databaseUrl, async (store) => {
    const files = await readMigrationFiles(dir, store.provider);
    const rows = await store.rows();
    const file = files.find((f) => f.name === name);
    const status = compareHistory(files, rows);
    const isFailed = status.failed.some((f) => f.name === name);
    const isApplied = rows.some((r) => r.name === name && r.finishedAt !== null && r.rolledBackAt === null);
    if (!file && !rows.some((r) => r.name === name)) {
      throw new MigrationError(
        `unknown migration "${name}": it is neither in ${dir} nor in the database (give the whole directory name, e.g. 20261126140000_init)`,
      );
    }
    if (as === 'rolled-back') {
      if (!isFailed)
        throw new MigrationError(
          `migration ${name} is not failed (${isApplied ? 'it is applied' : 'it was never applied'}): only a failed migration can be marked rolled back`,
        );
      await store.recordRolledBack(name);
      return;
    }
    if (isApplied) throw new MigrationError(`migration ${name} is already recorded as applied`);
    if (!file)
      throw new MigrationError(
        `migration ${name} has no directory in ${dir}: its checksum would be unknown, so it cannot be recorded as applied`,
      );
    await store.recordApplied(file);
  });
}

/** The one place that picks the database's dialect: SQLite today, PostgreSQL beside it later. */
async function withStore<T>(databaseUrl: string, work: (store: MigrationStore) => Promise<T>): Promise<T> {
  let file: string;
  try {
    file = sqliteFile(databaseUrl);
  } catch (error) {
    throw new MigrationError((error as Error).message);
  }
  const store = openSqliteStore(file);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/**
 * The SQL that takes the schema from the snapshot taken at the last migration
 * to what schema.prisma says now ("" when they agree): `prisma migrate diff`.
 *
 * Why a snapshot: the wasm engine can neither diff from a live URL nor replay
 * migrations into a shadow database through the driver adapter, but it diffs
 * two schema files well. SQL-only objects (the FTS5 index and its triggers)
 * live in migration.sql alone, outside Prisma's model.
 */
export async function diffSchema(dir = migrationsDir): Promise<string> {
  const { withEngine, noFilters } = await import('#app/models/migration/engine.ts');
  const snapshot = path.join(dir, snapshotName);
  const from = existsSync(snapshot)
    ? { tag: 'schemaDatamodel' as const, files: [{ path: snapshot, content: await readFile(snapshot, 'utf8') }] }
    : { tag: 'empty' as const };
  return withEngine('file::memory:', schemaPath, async (engine) => {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = (result.stdout ?? '').trim();
    return sql === '-- This is an empty migration.' ? '' : sql;
  });
}

/**
 * Writes `prisma/migrations/<timestamp>_<name>/migration.sql` and moves the
 * snapshot up to the current schema; returns the migration's folder.
 */
export async function writeMigration(
  name: string,
  sql: string,
  dir = migrationsDir,
  now = new Date(),
): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name must be lower_snake_case, got "${name}"`);
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(dir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql.endsWith('\n') ? sql : sql + '\n');
  const lock = path.join(dir, 'migration_lock.toml');
  if (!existsSync(lock)) await writeFile(lock, 'provider = "sqlite"\n');
  await copyFile(schemaPath, path.join(dir, snapshotName));
  return folder;
}

/** schema.prisma as of the newest migration, the base of the next diff. */
const snapshotName = 'schema-snapshot.prisma';
