/**
 * An old Rails blog's database, as Typo and Mephisto kept it: a SQLite file
 * (read in place, read-only) or a MySQL dump (read as a stream, once per
 * pass). The importers ask for tables by name and read rows as plain
 * objects, so one mapping serves both, and every schema version: a column a
 * version lacks is simply absent from its rows.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { ImportInputError, type ImportSource, type ReadProgress, type SourceItem } from '#app/importers/source.ts';
import { openDump } from '#app/importers/sources/old-database/mysql-dump/index.ts';
import type { OldDatabase, Row } from '#app/importers/sources/old-database/types.ts';

export type { OldDatabase, Row, Cell } from '#app/importers/sources/old-database/types.ts';

const sqliteMagic = 'SQLite format 3\0';

/** Opens the file, whichever of the two it is; anything else is an ImportInputError naming what was expected. */
/** A source reading an old engine's database with `read`, closing it however the reading ends. */
export function oldDatabaseSource(
  path: string,
  engine: string,
  read: (db: OldDatabase) => AsyncGenerator<SourceItem>,
): ImportSource {
  return {
    items: async function* (onRead) {
      const db = await openOldDatabase(path, engine, onRead);
      try {
        yield* read(db);
      } finally {
        db.close();
      }
    },
  };
}

export async function openOldDatabase(
  path: string,
  engine: string,
  onRead?: (progress: ReadProgress) => void,
): Promise<OldDatabase> {
  const head = await readHead(path);
  if (head.subarray(0, 16).toString('latin1') === sqliteMagic) return openSqlite(path);
  const text = head.toString('utf8');
  if (/^\s*</.test(text) || /^\s*[{[]/.test(text)) {
    throw new ImportInputError(
      `this is not a ${engine} database: expected its SQLite file or a MySQL dump (mysqldump), and this file looks like XML or JSON`,
      1,
    );
  }
  if (/^--\s*PostgreSQL database dump/m.test(text)) {
    throw new ImportInputError(
      `this is a PostgreSQL dump (pg_dump): Folio reads ${engine}'s SQLite file or a MySQL dump; load the dump into PostgreSQL and import the blog's feed, or dump with --inserts into MySQL`,
      1,
    );
  }
  return openDump(path, onRead);
}

async function readHead(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new ImportInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead === 0) throw new ImportInputError('the file is empty', 1);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function openSqlite(path: string): OldDatabase {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('query_only = true');
  } catch (error) {
    throw new ImportInputError(`cannot open the SQLite database: ${(error as Error).message}`);
  }
  const tables = new Map<string, string[]>();
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const name of names) {
      const columns = db.prepare(`PRAGMA table_info("${name.replace(/"/g, '""')}")`).all() as { name: string }[];
      tables.set(
        name,
        columns.map((column) => column.name),
      );
    }
  } catch (error) {
    db.close();
    throw new ImportInputError(
      `the SQLite database cannot be read (${(error as Error).message}): is the file complete?`,
    );
  }
  const select = (table: string) => {
    const columns = tables.get(table);
    const order = columns?.includes('id') ? ' ORDER BY "id"' : '';
    return db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"${order}`);
  };
  const readFailure = (table: string, error: unknown) =>
    new ImportInputError(
      `the SQLite database's ${table} table cannot be read (${(error as Error).message}): is the file complete?`,
    );
  return {
    fileName: basename(path),
    kind: 'sqlite',
    tables,
    has: (table) => tables.has(table),
    all: (table) => {
      if (!tables.has(table)) return Promise.resolve([]);
      try {
        return Promise.resolve(select(table).all() as Row[]);
      } catch (error) {
        return Promise.reject(readFailure(table, error));
      }
    },
    each: function* (table) {
      if (!tables.has(table)) return;
      try {
        for (const row of select(table).iterate()) yield row as Row;
      } catch (error) {
        throw readFailure(table, error);
      }
    },
    close: () => db.close(),
  };
}
