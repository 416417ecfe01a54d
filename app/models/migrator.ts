/**
 * Applies, inspects, resolves and writes the migrations in
 * `prisma/migrations/<name>/migration.sql`, keeping `_prisma_migrations`
 * exactly as Prisma does, so a database migrated here is one `prisma migrate
 * deploy` recognises, and vice versa. (The Prisma CLI downloads a native
 * engine at run time, which offline machines cannot do.)
 *
 * Each provider has its own folder of migrations, written from the one
 * schema: prisma/migrations (SQLite) and prisma/postgresql/migrations.
 * Applying is ours, one transaction per migration (each dialect's
 * migration-store.ts, behind the database boundary); writing a migration is
 * Prisma's schema engine, compiled to WebAssembly (migration/engine.ts).
 */
import { readFile, mkdir, writeFile, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { databaseKind, openMigrationStore, type DatabaseKind } from '#app/database/index.ts';
import { MigrationError } from '#app/models/migration/error.ts';
import { readMigrationFiles } from '#app/models/migration/files.ts';
import {
  compareHistory,
  editedMigrationWarning,
  failedMigrationsMessage,
  type MigrationStatus,
  type MigrationStore,
} from '#app/models/migration/history.ts';
import { appRoot } from '#app/root.ts';

export { MigrationError } from '#app/models/migration/error.ts';
export { displayTime, type MigrationStatus } from '#app/models/migration/history.ts';

/** Each provider's schema (the PostgreSQL one derived from SQLite's) and migrations. */
export const providers = {
  sqlite: {
    schemaPath: path.join(appRoot, 'prisma/schema.prisma'),
    migrationsDir: path.join(appRoot, 'prisma/migrations'),
  },
  postgresql: {
    schemaPath: path.join(appRoot, 'prisma/postgresql/schema.prisma'),
    migrationsDir: path.join(appRoot, 'prisma/postgresql/migrations'),
  },
} as const satisfies Record<DatabaseKind, { schemaPath: string; migrationsDir: string }>;

export const schemaPath = providers.sqlite.schemaPath;
export const migrationsDir = providers.sqlite.migrationsDir;

/** The migrations folder for a database URL's provider. */
export function migrationsDirFor(databaseUrl: string): string {
  return providers[databaseKind(databaseUrl)].migrationsDir;
}

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
  dir = migrationsDirFor(databaseUrl),
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
    if (applied.length > 0) await fillSearchText(databaseUrl);
    return applied;
  });
}

/** Applied (with when), pending, failed, and applied-but-missing-on-disk migrations. */
export async function migrationStatus(
  databaseUrl: string,
  dir = migrationsDirFor(databaseUrl),
): Promise<MigrationStatus> {
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
  dir = migrationsDirFor(databaseUrl),
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

async function withStore<T>(databaseUrl: string, work: (store: MigrationStore) => Promise<T>): Promise<T> {
  let store: MigrationStore;
  try {
    store = await openMigrationStore(databaseUrl);
  } catch (error) {
    throw new MigrationError((error as Error).message, { cause: error });
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Search's plain text of rendered HTML, which SQL cannot derive, for rows written before its column. */
async function fillSearchText(databaseUrl: string): Promise<void> {
  const [{ openBlogDatabase }, { searchText }, { countWords }] = await Promise.all([
    import('#app/database/index.ts'),
    import('#app/models/article/search-text.ts'),
    import('#app/models/article/word-count.ts'),
  ]);
  const blog = await openBlogDatabase(databaseUrl);
  try {
    await blog.fillSearchText(searchText, countWords);
  } finally {
    await blog.close();
  }
}

/**
 * The SQL that takes `provider`'s schema from the snapshot taken at its last
 * migration to what its schema file says now ("" when they agree): `prisma
 * migrate diff`.
 *
 * Why a snapshot: the wasm engine can neither diff from a live URL nor replay
 * migrations into a shadow database through the driver adapter, but it diffs
 * two schema files well. On PostgreSQL it still connects (to learn the
 * server's version): `engineUrl` names any server. SQL-only objects (the
 * search indexes and the triggers) live in migration.sql alone, outside
 * Prisma's model.
 */
export async function diffSchema(
  provider: DatabaseKind = 'sqlite',
  dir: string = providers[provider].migrationsDir,
  engineUrl = 'file::memory:',
): Promise<string> {
  const { withEngine, noFilters } = await import('#app/models/migration/engine.ts');
  const { schemaPath } = providers[provider];
  const snapshot = path.join(dir, snapshotName);
  const from = existsSync(snapshot)
    ? { tag: 'schemaDatamodel' as const, files: [{ path: snapshot, content: await readFile(snapshot, 'utf8') }] }
    : { tag: 'empty' as const };
  return withEngine(engineUrl, schemaPath, async (engine) => {
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
 * Writes `<dir>/<timestamp>_<name>/migration.sql` and moves the snapshot up
 * to `provider`'s current schema; returns the migration's folder.
 */
export async function writeMigration(
  name: string,
  sql: string,
  provider: DatabaseKind = 'sqlite',
  dir: string = providers[provider].migrationsDir,
  now = new Date(),
): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name must be lower_snake_case, got "${name}"`);
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(dir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql.endsWith('\n') ? sql : sql + '\n');
  const lock = path.join(dir, 'migration_lock.toml');
  if (!existsSync(lock)) await writeFile(lock, `provider = "${provider}"\n`);
  await copyFile(providers[provider].schemaPath, path.join(dir, snapshotName));
  return folder;
}

/** The schema as of the newest migration, the base of the next diff. */
const snapshotName = 'schema-snapshot.prisma';
