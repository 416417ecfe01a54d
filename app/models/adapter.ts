/**
 * The driver adapter for a database URL. SQLite (the embedded default) is the
 * only provider wired today; PostgreSQL slots in here and nowhere else.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';

export function createAdapterFactory(databaseUrl: string) {
  return new PrismaBetterSqlite3({ url: sqliteFile(databaseUrl) });
}

/** `file:./data/folio.db` → `./data/folio.db`. */
export function sqliteFile(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) throw new Error(`unsupported DATABASE_URL "${databaseUrl}": Folio supports file: (SQLite) URLs`);
  return databaseUrl.slice('file:'.length);
}
