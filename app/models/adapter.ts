/**
 * The driver adapter for a database URL. SQLite (the embedded default) is the
 * only provider wired today; PostgreSQL slots in here and nowhere else.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlMigrationAwareDriverAdapterFactory, SqlDriverAdapter } from '@prisma/driver-adapter-utils';

/**
 * Every connection's settings, run as Prisma connects: synchronous=FULL makes
 * an acknowledged write survive power loss (NORMAL in WAL mode can lose the
 * last commits); busy_timeout lets several worker processes share the file.
 * WAL itself is set once, in the file, by `openDirectReader` (sqlite.ts),
 * which every process opens first.
 */
const connectionPragmas = ['PRAGMA synchronous = FULL', 'PRAGMA busy_timeout = 5000', 'PRAGMA foreign_keys = ON'];

/**
 * Prisma connects (and loads its WebAssembly query compiler, ~36 MB) on its
 * first query, so a process that only serves readers never does; each new
 * connection is tuned here, when it opens, rather than at boot.
 */
export function createAdapterFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaBetterSqlite3({ url: sqliteFile(databaseUrl) });
  const tuned = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    for (const sql of connectionPragmas) await adapter.executeRaw({ sql, args: [], argTypes: [] });
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => tuned(() => inner.connect()),
    connectToShadowDb: () => tuned(() => inner.connectToShadowDb()),
  };
}

/** `file:./data/folio.db` → `./data/folio.db`. */
export function sqliteFile(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:'))
    throw new Error(`unsupported DATABASE_URL "${databaseUrl}": Folio supports file: (SQLite) URLs`);
  return databaseUrl.slice('file:'.length);
}
