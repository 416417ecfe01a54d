/**
 * SQLite connections beside Prisma's: the direct reader that serves the
 * readers' hot queries, and short-lived connections for bulk work the ORM is
 * slow at.
 */
import Database from 'better-sqlite3';
import { sqliteFile } from '#app/database/url.ts';

/** A read-only SQL runner: the readers' hot queries. */
export interface DirectReader {
  all<T>(sql: string, params: readonly SqlValue[]): T[];
  close(): void;
}
export type SqlValue = string | number | null;

const readerCacheKb = 4096;

/**
 * A second, direct connection to the same file for the readers' hot queries:
 * a query costs ~6 µs here against ~200 µs through Prisma's adapter (which
 * also prepares every statement anew), and a reader page is little else.
 * query_only guarantees it never writes; WAL (which lets readers run beside
 * the writer) is a property of the file, set here before anything else
 * opens it. Statements are prepared once: their SQL comes from a small set.
 */
export function openDirectReader(databaseUrl: string): DirectReader {
  const connection = new Database(sqliteFile(databaseUrl), { fileMustExist: true });
  connection.pragma('busy_timeout = 5000');
  connection.pragma('journal_mode = WAL');
  connection.pragma('query_only = ON');
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection, and one pass over the
  // archive (the page cache's baseline) fills it; reader pages touch a few hundred KB.
  connection.pragma(`cache_size = -${readerCacheKb}`);
  const statements = new Map<string, Database.Statement>();
  return {
    all<T>(sql: string, params: readonly SqlValue[]): T[] {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
      return statement.all(...params) as T[];
    },
    close: () => connection.close(),
  };
}

/**
 * Synchronous SQLite work as a promise (a throw rejects it). The models'
 * database API is asynchronous, as a networked database's must be; SQLite
 * just answers at once.
 */
export function promised<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

/** Runs `work` on a direct read-write connection of its own, closed afterwards (maintenance, bulk loading). */
export function withConnection<T>(databaseUrl: string, work: (connection: Database.Database) => T): T {
  const connection = new Database(sqliteFile(databaseUrl));
  try {
    connection.pragma('busy_timeout = 5000');
    return work(connection);
  } finally {
    connection.close();
  }
}

/** How Prisma's SQLite adapter stores a DateTime: ISO 8601 with a +00:00 offset. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}
