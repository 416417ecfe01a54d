/**
 * Which database a DATABASE_URL names: `file:PATH` is SQLite (the embedded
 * default), `postgresql://` (or `postgres://`) is PostgreSQL 15 or newer.
 */
import type { DatabaseKind } from '#app/database/boundary.ts';

export function databaseKind(databaseUrl: string): DatabaseKind {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return 'postgresql';
  throw new Error(
    `unsupported DATABASE_URL "${redactUrl(databaseUrl)}": use file:PATH (SQLite) or postgresql://USER@HOST:PORT/DATABASE`,
  );
}

/** `file:./data/folio.db` → `./data/folio.db`. */
export function sqliteFile(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:'))
    throw new Error(`not a SQLite URL: "${redactUrl(databaseUrl)}" (expected file:PATH)`);
  return databaseUrl.slice('file:'.length);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(databaseUrl: string): string {
  return databaseUrl.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
