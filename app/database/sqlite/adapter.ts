/** Prisma's driver adapter for a SQLite file, each connection tuned as it opens. */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlMigrationAwareDriverAdapterFactory, SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { sqliteFile } from '#app/database/url.ts';

/**
 * Every connection's settings, run as Prisma connects: synchronous=FULL makes
 * an acknowledged write survive power loss (NORMAL in WAL mode can lose the
 * last commits); busy_timeout lets several worker processes share the file.
 * WAL itself is set once, in the file, by `openDirectReader` (connection.ts),
 * which every process opens first.
 */
const connectionPragmas = ['PRAGMA synchronous = FULL', 'PRAGMA busy_timeout = 5000', 'PRAGMA foreign_keys = ON'];

/**
 * Prisma connects (and loads its WebAssembly query compiler, ~36 MB) on its
 * first query, so a process that only serves readers never does; each new
 * connection is tuned here, when it opens, rather than at boot.
 */
export function sqliteAdapterFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
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
