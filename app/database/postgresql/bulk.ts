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
  const types = await columnTypes(client, table, columns);
  const hasId = await hasIdColumn(client, table);
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

/** Each column's type as PostgreSQL names it (text, integer, boolean, timestamp without time zone…). */
async function columnTypes(client: pg.PoolClient, table: string, columns: string[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  const types = new Map(rows.map((row) => [row.column_name, row.data_type]));
  for (const column of columns)
    if (!types.has(column)) throw new Error(`bulk insert: "${table}" has no column "${column}"`);
  return types;
}

async function hasIdColumn(client: pg.PoolClient, table: string): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id'`,
    [table],
  );
  return rows.length > 0;
}

function toPostgres(value: string | number | boolean | Date | null): string | number | boolean | null {
  return value instanceof Date ? value.toISOString() : value;
}
