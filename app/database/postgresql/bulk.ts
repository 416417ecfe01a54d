/**
 * Bulk loading for the seeder on PostgreSQL: one INSERT … SELECT FROM
 * unnest(…) per table and batch, with every column as one array parameter,
 * in one transaction: thousands of rows per round trip instead of one. Rows
 * go in (and take their serial ids) in the order given, so the ids returned
 * are in row order.
 */
import type pg from 'pg';
import type { Row } from '#app/database/boundary.ts';

/** Rows per statement: bounded so one statement's arrays stay a few MB. */
const rowsPerStatement = 5000;

export async function bulkInsert(pool: pg.Pool, batches: { table: string; rows: Row[] }[]): Promise<number[][]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const ids: number[][] = [];
    for (const { table, rows } of batches) ids.push(await insertRows(client, table, rows));
    await client.query('COMMIT');
    return ids;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function insertRows(client: pg.PoolClient, table: string, rows: Row[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const types = await columnTypes(client, table);
  for (const column of columns)
    if (!types.has(column)) throw new Error(`bulk insert: "${table}" has no column "${column}"`);
  const hasId = types.has('id');
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const some = rows.slice(start, start + rowsPerStatement);
    const arrays = columns.map((column) => some.map((row) => toPostgres(row[column] ?? null)));
    const result = await client.query<{ id: number }>(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
       SELECT ${columns.map((_, i) => `c${i}`).join(', ')}
         FROM unnest(${columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`).join(', ')})
              WITH ORDINALITY AS u(${columns.map((_, i) => `c${i}`).join(', ')}, n)
        ORDER BY n
       ${hasId ? 'RETURNING "id"' : ''}`,
      arrays,
    );
    if (hasId) ids.push(...result.rows.map((row) => row.id));
  }
  return ids;
}

/**
 * Each column's type as PostgreSQL names it (text, integer, boolean,
 * timestamp without time zone…), from the catalog in one quick query
 * (information_schema's views take tens of milliseconds a call).
 */
async function columnTypes(client: pg.PoolClient, table: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT attname AS name, atttypid::regtype::text AS type FROM pg_attribute
      WHERE attrelid = to_regclass(quote_ident($1)) AND attnum > 0 AND NOT attisdropped`,
    [table],
  );
  if (rows.length === 0) throw new Error(`bulk insert: no table "${table}"`);
  return new Map(rows.map((row) => [row.name, row.type]));
}

function toPostgres(value: string | number | boolean | Date | null): string | number | boolean | null {
  return value instanceof Date ? value.toISOString() : value;
}

/** Moves each table's id sequence past its largest id (rows were inserted with ids of their own). */
export async function resetIdSequences(pool: pg.Pool, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    if (!/^[A-Za-z]+$/.test(table)) throw new Error(`resetIdSequences: not a table name: "${table}"`);
    await pool.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE(MAX("id"), 1), MAX("id") IS NOT NULL) FROM "${table}"`,
      [`"${table}"`],
    );
  }
}
