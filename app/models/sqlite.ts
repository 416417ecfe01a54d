/**
 * SQLite-only database calls, kept in this one module so PostgreSQL can take
 * over by replacing it. Everything else goes through Prisma's portable API,
 * except the readers' hot queries (article/reading.ts): plain SQL, run on
 * the direct connection opened here, whose few dialect words are listed at
 * its top.
 */
import Database from 'better-sqlite3';
import { sqliteFile } from '#app/models/adapter.ts';
import { readRows } from '#app/models/db.ts';

/**
 * Every connection's settings (adapter.ts runs them as Prisma connects):
 * synchronous=FULL makes an acknowledged write survive power loss (NORMAL in
 * WAL mode can lose the last commits); busy_timeout lets several worker
 * processes share the file. WAL itself is set once, in the file, by
 * `openDirectReader`, which every process opens first.
 */
export const connectionPragmas = [
  'PRAGMA synchronous = FULL',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA foreign_keys = ON',
] as const;

/** A read-only SQL runner: the readers' hot queries (see `readRows` in db.ts). */
export interface DirectReader {
  all<T>(sql: string, params: readonly SqlValue[]): T[];
  close(): void;
}
export type SqlValue = string | number | null;

/**
 * A second, direct connection to the same file for the readers' hot queries:
 * a query costs ~6 µs here against ~200 µs through Prisma's adapter (which
 * also prepares every statement anew), and a reader page is little else.
 * query_only guarantees it never writes; WAL (which lets readers run beside
 * the writer) is a property of the file, set here before anything else
 * opens it. Statements are prepared once: their SQL comes from a small set.
 */
const readerCacheKb = 4096;

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

export interface SearchHit {
  id: number;
  snippet: string;
}

/** Marks that survive HTML escaping, replaced by <mark> afterwards. */
export const snippetMarks = { open: '\u0002', close: '\u0003' } as const;

/**
 * Ranked full-text search over visible articles (FTS5, bm25 with the title
 * weighted highest). `match` must already be a quoted FTS5 expression.
 * Snippets quote the rendered text, never the title (the result shows it
 * already): the excerpt where it matches, else the body.
 *
 * Ranking every match would make a common word's search grow with the
 * archive, so only the newest `candidates` matches are ranked: FTS5 walks
 * its index by rowid (article id, so roughly by age) and stops there. CROSS
 * JOIN keeps SQLite from walking every visible article instead.
 * `capped` says the cap was reached, and `total` is then a lower bound.
 * Snippets are made for the one page of hits only, in a second lookup.
 */
export function searchArticles(
  match: string,
  now: Date,
  limit: number,
  offset: number,
  candidates = 200,
): { hits: SearchHit[]; total: number; capped: boolean } {
  const page = readRows<{ id: number; total: number; matched: number }>(
    `WITH recent AS (
        SELECT rowid AS id, bm25("ArticleSearch", 10.0, 4.0, 1.0) AS score FROM "ArticleSearch"
         WHERE "ArticleSearch" MATCH ? ORDER BY rowid DESC LIMIT ?)
      SELECT r.id, count(*) OVER () AS total, (SELECT count(*) FROM recent) AS matched
        FROM recent r CROSS JOIN "Article" a ON a."id" = r.id
       WHERE a."state" = 'published' AND a."publishedAt" <= ?
       ORDER BY r.score, a."publishedAt" DESC LIMIT ? OFFSET ?`,
    match,
    candidates,
    sqliteTimestamp(now),
    limit,
    offset,
  );
  const ids = page.map((row) => row.id);
  const total = page[0]?.total ?? 0;
  const capped = (page[0]?.matched ?? 0) >= candidates;
  if (ids.length === 0) return { hits: [], total, capped };
  const snippets = readRows<{ id: number; excerpt: string | null; body: string | null }>(
    `SELECT rowid AS id, ${snippetOf(searchColumns.excerpt)} AS excerpt, ${snippetOf(searchColumns.body)} AS body
       FROM "ArticleSearch" WHERE "ArticleSearch" MATCH ? AND rowid IN (${ids.map(() => '?').join(', ')})`,
    match,
    ...ids,
  );
  const byId = new Map(
    snippets.map((row) => [row.id, row.excerpt?.includes(snippetMarks.open) ? row.excerpt : (row.body ?? '')]),
  );
  return { hits: ids.map((id) => ({ id, snippet: byId.get(id) ?? '' })), total, capped };
}

/**
 * Gives articles saved before search read their plain text (the
 * search_rendered_text migration) that text, computed by `toText` from their
 * HTML, in one transaction; the search triggers index each row as it is
 * filled. A raw UPDATE leaves updatedAt alone: nothing a reader sees changed.
 * Returns how many rows it filled (none on a schema without the columns).
 */
export function fillMissingSearchText(databaseUrl: string, toText: (html: string) => string): number {
  const connection = new Database(sqliteFile(databaseUrl));
  try {
    connection.pragma('busy_timeout = 5000');
    if (!connection.prepare(`SELECT 1 FROM pragma_table_info('Article') WHERE "name" = 'bodyText'`).get()) return 0;
    const missing = connection.prepare(
      `SELECT "id", "excerptHtml", "bodyHtml" FROM "Article" WHERE "bodyText" IS NULL AND "id" > ? ORDER BY "id" LIMIT 500`,
    );
    const fill = connection.prepare(`UPDATE "Article" SET "excerptText" = ?, "bodyText" = ? WHERE "id" = ?`);
    return connection.transaction(() => {
      let filled = 0;
      for (
        let after = 0, rows;
        (rows = missing.all(after) as { id: number; excerptHtml: string; bodyHtml: string }[]).length > 0;
      ) {
        for (const row of rows) fill.run(toText(row.excerptHtml), toText(row.bodyHtml), (after = row.id));
        filled += rows.length;
      }
      return filled;
    })();
  } finally {
    connection.close();
  }
}

// The index's columns, by position: title, excerptText, bodyText.
const searchColumns = { excerpt: 1, body: 2 } as const;

function snippetOf(column: number): string {
  return `snippet("ArticleSearch", ${column}, '${snippetMarks.open}', '${snippetMarks.close}', '…', 24)`;
}

/** How Prisma's SQLite adapter stores a DateTime: ISO 8601 with a +00:00 offset. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export type Row = Record<string, string | number | boolean | Date | null>;

/**
 * Bulk loading for the seeder: prepared inserts in one transaction on a
 * direct connection, about 20x faster than the ORM's batch API. Returns
 * the new ids in row order. (PostgreSQL would use COPY here.)
 */
export function bulkInsert(databaseUrl: string, batches: { table: string; rows: Row[] }[]): number[][] {
  const connection = new Database(sqliteFile(databaseUrl));
  try {
    connection.pragma('busy_timeout = 5000');
    return connection.transaction(() => batches.map(({ table, rows }) => insertRows(connection, table, rows)))();
  } finally {
    connection.close();
  }
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
