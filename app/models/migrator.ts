/**
 * Applies and writes Prisma migrations through Prisma's own schema engine,
 * compiled to WebAssembly and driven through our driver adapter.
 *
 * Why not `prisma migrate deploy`: the CLI downloads a native schema engine
 * at run time, which offline machines cannot do. The wasm engine is the same
 * engine: it applies `prisma/migrations/<name>/migration.sql` in order and
 * records each in `_prisma_migrations`, so a database migrated here is one
 * `prisma migrate deploy` recognises, and vice versa.
 */
import { readFile, readdir, mkdir, writeFile, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine, MigrationList } from '@prisma/schema-engine-wasm';
import { createAdapterFactory, sqliteFile } from '#app/models/adapter.ts';
import { finishedMigrations } from '#app/models/sqlite.ts';
import { appRoot } from '#app/root.ts';

export const schemaPath = path.join(appRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(appRoot, 'prisma/migrations');

/** Applies every pending migration; returns the names it applied. */
export async function applyMigrations(databaseUrl: string, dir = migrationsDir): Promise<string[]> {
  const migrationsList = await readMigrations(dir);
  // Most boots have nothing to apply, and the engine costs tens of MB and a few hundred ms to load.
  const finished = finishedMigrations(sqliteFile(databaseUrl));
  if (migrationsList.migrationDirectories.every((d) => finished.has(d.path))) return [];
  const applied = await withEngine(databaseUrl, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return appliedMigrationNames;
  });
  // Data SQL cannot derive (search's plain text of rendered HTML), for rows written before its column.
  if (applied.length > 0) {
    const { fillSearchText } = await import('#app/models/article/search-text.ts');
    fillSearchText(databaseUrl);
  }
  return applied;
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
  const snapshot = path.join(dir, snapshotName);
  const from = existsSync(snapshot)
    ? { tag: 'schemaDatamodel' as const, files: [{ path: snapshot, content: await readFile(snapshot, 'utf8') }] }
    : { tag: 'empty' as const };
  return withEngine('file::memory:', async (engine) => {
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
export async function writeMigration(name: string, sql: string, dir = migrationsDir, now = new Date()): Promise<string> {
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
const noFilters = { externalTables: [], externalEnums: [] };

async function withEngine<T>(databaseUrl: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const wasm = await loadEngine();
  const factory = createAdapterFactory(databaseUrl);
  // The engine opens connections but never closes them when freed; an open
  // better-sqlite3 handle would keep the file busy, so track and dispose them.
  const opened: { dispose(): Promise<void> }[] = [];
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const connection = await connect();
    opened.push(connection);
    return allowConcurrentReaders(connection);
  };
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const schema = await readFile(schemaPath, 'utf8');
  const log = () => {};
  const engine = await wasm.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
  try {
    return await work(engine);
  } catch (error) {
    throw withAdapterCause(error, adapter.errorRegistry);
  } finally {
    engine.free();
    await Promise.all(opened.map((c) => c.dispose()));
  }
}

/**
 * The engine puts SQLite in exclusive locking mode, which fails at once
 * while any worker has the database open: a deploy could then never migrate
 * beside the running release. Each migration is still one SQLite write
 * transaction, and workers re-prepare statements after a schema change, so
 * we run migrations the way Rails does, beside live readers.
 */
function allowConcurrentReaders<T extends { executeRaw(query: { sql: string }): Promise<number> }>(connection: T): T {
  const executeRaw = connection.executeRaw.bind(connection);
  connection.executeRaw = async (query) => (/locking_mode\s*=\s*exclusive/i.test(query.sql) ? 0 : executeRaw(query));
  return connection;
}

/** The engine reports driver failures as "External error id#N"; name the real one. */
function withAdapterCause(error: unknown, registry: { consumeError(id: number): { error: unknown } | undefined }): unknown {
  const message = error instanceof Error ? error.message : String(error);
  // The adapter's name for SQLITE_BUSY, which this engine build cannot decode.
  if (message.includes('SocketTimeout')) return new Error('the database is busy: another process kept it locked for over 5 s; try again', { cause: error });
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const cause = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  if (cause === undefined) return error;
  const detail = cause instanceof Error ? cause.message : JSON.stringify(cause);
  return new Error(`${message.split('\n')[0]}\n${detail}`, { cause: error });
}

async function readMigrations(dir: string): Promise<MigrationList> {
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
  const lockPath = path.join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => {
        const file = path.join(dir, name, 'migration.sql');
        const content = existsSync(file)
          ? { tag: 'ok' as const, value: await readFile(file, 'utf8') }
          : { tag: 'error' as const, value: `missing ${file}` };
        return { path: name, migrationFile: { path: 'migration.sql', content } };
      }),
    ),
  };
}

type EngineModule = typeof import('@prisma/schema-engine-wasm');
type WasmExports = Record<string, unknown>;
// @types/node does not declare the WebAssembly global; this is the slice we use.
const wasmApi = (globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }> };
}).WebAssembly;
let engineModule: Promise<EngineModule> | undefined;

/** Instantiates the wasm once per process, with its JS glue as the import object. */
function loadEngine(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineModule & {
      __wbg_set_wasm(exports: WasmExports): void;
    };
    const wasmFile = path.join(path.dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
    const { instance } = await wasmApi.instantiate(await readFile(wasmFile), { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}
