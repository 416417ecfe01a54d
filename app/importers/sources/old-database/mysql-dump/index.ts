/**
 * A MySQL dump as an OldDatabase. The first pass reads every statement
 * (so a malformed or truncated dump fails before anything is yielded), learns
 * the tables' columns, and keeps the rows of the small tables; each large
 * table (posts, comments) is then streamed by a pass of its own.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportInputError, type ReadProgress } from '#app/importers/source.ts';
import type { OldDatabase, Row } from '#app/importers/sources/old-database/types.ts';
import { dumpStatements } from '#app/importers/sources/old-database/mysql-dump/statements.ts';
import { parseCreateTable, parseInsert, type DumpValue } from '#app/importers/sources/old-database/mysql-dump/parse.ts';

/** The statements a dump may hold besides CREATE TABLE and INSERT; anything else is not a dump. */
const otherStatements =
  /^(DROP|LOCK|UNLOCK|SET|USE|CREATE|ALTER|START|BEGIN|COMMIT|ROLLBACK|DELIMITER|DELETE|TRUNCATE|ANALYZE|OPTIMIZE|FLUSH|PRAGMA|SAVEPOINT|RELEASE)\b/i;

/** Tables read pass by pass rather than kept: the ones that hold the blog's text. */
const largeTables = new Set([
  'contents',
  'feedback',
  'content_versions',
  'sessions',
  'sitealizer',
  'cached_pages',
  'events',
]);

export async function openDump(path: string, onRead?: (progress: ReadProgress) => void): Promise<OldDatabase> {
  const size = (await stat(path)).size;
  const tables = new Map<string, string[]>();
  const kept = new Map<string, Row[]>();
  let passes = 0;
  // A pass per large table is expected; the bar counts all of them.
  let plannedPasses = 1;
  const progress = (bytes: number) =>
    onRead?.({ done: passes * size + bytes, total: plannedPasses * size, unit: 'bytes' });

  let statements = 0;
  for await (const statement of dumpStatements(path, progress)) {
    statements++;
    const create = /^CREATE\s+(TEMPORARY\s+)?TABLE/i.test(statement.text) ? parseCreateTable(statement) : null;
    if (create) {
      tables.set(create.table, create.columns);
      continue;
    }
    const insert = parseInsert(statement);
    if (insert) {
      const columns = insert.columns ?? tables.get(insert.table);
      if (!columns) {
        throw new ImportInputError(`rows for the table "${insert.table}" come before its CREATE TABLE`, statement.line);
      }
      if (!tables.has(insert.table)) tables.set(insert.table, columns);
      if (largeTables.has(insert.table)) continue;
      const rows = kept.get(insert.table) ?? [];
      for (const values of insert.rows) rows.push(rowOf(columns, values, insert.table, statement.line));
      kept.set(insert.table, rows);
      continue;
    }
    if (!otherStatements.test(statement.text)) {
      const start = statement.text.slice(0, 40).replace(/\s+/g, ' ');
      throw new ImportInputError(
        statements === 1
          ? `this is not a MySQL dump: it starts with "${start}"`
          : `"${start}" is not a statement a MySQL dump holds`,
        statement.line,
      );
    }
  }
  if (tables.size === 0)
    throw new ImportInputError('this file holds no CREATE TABLE: it is not a MySQL dump of a blog', 1);
  passes = 1;
  plannedPasses = 1 + [...tables.keys()].filter((table) => largeTables.has(table)).length;

  return {
    fileName: basename(path),
    kind: 'mysql-dump',
    tables,
    has: (table) => tables.has(table),
    all: (table) => Promise.resolve(sortedById(kept.get(table) ?? [])),
    each: async function* (table) {
      if (!tables.has(table)) return;
      if (!largeTables.has(table)) {
        yield* sortedById(kept.get(table) ?? []);
        return;
      }
      const prefix = new RegExp(
        String.raw`^(?:INSERT|REPLACE)\b[^(]*?[\x60"\s.]${escapeRegExp(table)}[\x60"]?\s*(\(|VALUES)`,
        'i',
      );
      for await (const statement of dumpStatements(path, progress)) {
        if (!prefix.test(statement.text.slice(0, 200))) continue;
        const insert = parseInsert(statement);
        if (!insert || insert.table !== table) continue;
        const columns = insert.columns ?? tables.get(table) ?? [];
        for (const values of insert.rows) yield rowOf(columns, values, table, statement.line);
      }
      passes++;
    },
    close: () => undefined,
  };
}

function rowOf(columns: readonly string[], values: DumpValue[], table: string, line: number): Row {
  if (values.length !== columns.length) {
    throw new ImportInputError(
      `a row for "${table}" has ${values.length} values where the table has ${columns.length} columns`,
      line,
    );
  }
  const row: Row = {};
  columns.forEach((column, i) => (row[column] = values[i] ?? null));
  return row;
}

function sortedById(rows: Row[]): Row[] {
  return rows.length && 'id' in (rows[0] as Row) ? [...rows].sort((a, b) => Number(a.id) - Number(b.id)) : rows;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
