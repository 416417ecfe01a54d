/**
 * node-postgres pools beside Prisma's, for the hand-written queries: each
 * statement is prepared once per connection (named by its text), a query
 * costs ~100 µs over loopback against ~620 µs through Prisma. Timestamps are
 * Prisma's `timestamp(3)` without time zone, holding UTC: read back as UTC
 * whatever the process's zone, and bound as ISO strings (whose zone
 * PostgreSQL ignores for this type).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { DatabaseOptions } from '#app/database/boundary.ts';
import { connectTimeoutMs, poolSize } from '#app/database/postgresql/adapter.ts';

export type SqlValue = string | number | boolean | null | readonly number[] | readonly string[];
export type Rows = <T>(sql: string, ...params: SqlValue[]) => Promise<T[]>;

const timestampWithoutZone = 1114;
const utcTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === timestampWithoutZone
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

export type QueryHook = NonNullable<DatabaseOptions['onQuery']>;

/** `limits` tightens the timeouts (a replica that does not answer is left for the primary quickly). */
export function openPool(
  connectionString: string,
  onConnectionLost: (error: Error) => void,
  limits: { connectTimeoutMs?: number; queryTimeoutMs?: number } = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: limits.connectTimeoutMs ?? connectTimeoutMs,
    ...(limits.queryTimeoutMs === undefined ? {} : { query_timeout: limits.queryTimeoutMs }),
    idleTimeoutMillis: 60_000,
    types: utcTypes,
  });
  // See adapter.ts: an idle connection that drops must not end the process.
  pool.on('error', onConnectionLost);
  // Nor one checked out (a transaction, a bulk insert): node-postgres would throw its loss, having no listener of
  // the pool's on it. Its holder learns it from its query instead ("… is not queryable", a 503).
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * Runs `sql` as a prepared statement; `onQuery` sees each (benchmarks). The
 * SQL is written with `?` placeholders, numbered here in order ($1, $2…):
 * queries are built from fragments (visibility-sql.ts), which cannot know their
 * position. Folio's SQL has no other `?` (no jsonb operators). `server` is
 * what `onQuery` is told answered.
 */
export function rowsOn(pool: pg.Pool, onQuery?: QueryHook, server: 'primary' | 'replica' = 'primary'): Rows {
  return async <T>(sql: string, ...params: SqlValue[]): Promise<T[]> => {
    const started = onQuery ? performance.now() : 0;
    try {
      const { name, text } = prepared(sql);
      const result = await pool.query({ name, text, values: params });
      return result.rows as T[];
    } finally {
      onQuery?.({ sql, durationMs: performance.now() - started, server, params });
    }
  };
}

export function timestamp(date: Date): string {
  return date.toISOString();
}

const statements = new Map<string, { name: string; text: string }>();
function prepared(sql: string): { name: string; text: string } {
  let statement = statements.get(sql);
  if (!statement) {
    let n = 0;
    statement = {
      name: `folio_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`,
      text: sql.replace(/\?/g, () => `$${++n}`),
    };
    statements.set(sql, statement);
  }
  return statement;
}
