/**
 * Bulk loading for the seeder: prepared inserts in one transaction on a
 * direct connection, about 20x faster than the ORM's batch API.
 */
import type Database from 'better-sqlite3';
import type { Row } from '#app/database/boundary.ts';
import { sqliteTimestamp, withConnection } from '#app/database/sqlite/connection.ts';

/** Returns the new ids in row order. */
export function bulkInsert(databaseUrl: string, batches: { table: string; rows: Row[] }[]): number[][] {
  return withConnection(databaseUrl, (connection) =>
    connection.transaction(() => batches.map(({ table, rows }) => insertRows(connection, table, rows)))(),
  );
}

function insertRows(connection: Database.Database, table: string, rows: Row[]): number[] {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const statement = connection.prepare(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  return rows.map((row) => Number(statement.run(columns.map((c) => toSqlite(row[c] ?? null))).lastInsertRowid));
}

function toSqlite(value: string | number | boolean | Date | null): string | number | null {
  if (value instanceof Date) return sqliteTimestamp(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
