/** The SQLite dialect of the database boundary (boundary.ts): the embedded default. */
import type { BlogDatabase, DatabaseOptions } from '#app/database/boundary.ts';
import { sqliteAdapterFactory } from '#app/database/sqlite/adapter.ts';
import { openDirectReader, promised, withConnection, type SqlValue } from '#app/database/sqlite/connection.ts';
import { bulkInsert } from '#app/database/sqlite/bulk.ts';
import { sqliteReading } from '#app/database/sqlite/reading.ts';
import { sqliteSearch } from '#app/database/sqlite/search.ts';
import { sqliteCacheFacts } from '#app/database/sqlite/cache-facts.ts';
import { sqliteLookups } from '#app/database/sqlite/lookups.ts';
import { sqliteChangeFeed } from '#app/database/sqlite/change-feed.ts';

export function openSqlite(databaseUrl: string, options: DatabaseOptions = {}): BlogDatabase {
  const reader = openDirectReader(databaseUrl);
  const { onQuery } = options;
  const rows = <T>(sql: string, ...params: SqlValue[]): Promise<T[]> =>
    promised(() => {
      if (!onQuery) return reader.all<T>(sql, params);
      const started = performance.now();
      try {
        return reader.all<T>(sql, params);
      } finally {
        onQuery({ sql, durationMs: performance.now() - started });
      }
    });
  return {
    kind: 'sqlite',
    adapterFactory: () => sqliteAdapterFactory(databaseUrl),
    reading: sqliteReading(rows),
    search: sqliteSearch(rows),
    cacheFacts: sqliteCacheFacts(rows),
    lookups: sqliteLookups(rows),
    fillSearchText: (plainText, countWords) => promised(() => fillSearchText(databaseUrl, plainText, countWords)),
    bulkInsert: (batches) => promised(() => bulkInsert(databaseUrl, batches)),
    // AUTOINCREMENT's counter already passed any id inserted by hand.
    resetIdSequences: () => Promise.resolve(),
    changeFeed: sqliteChangeFeed,
    close: () => promised(() => reader.close()),
  };
}

/**
 * Gives articles saved before search read their plain text that text, in
 * one transaction; the search triggers index each row as it is filled. A
 * raw UPDATE leaves updatedAt alone: nothing a reader sees changed.
 */
function fillSearchText(
  databaseUrl: string,
  plainText: (html: string) => string,
  countWords: (text: string) => number,
): number {
  return withConnection(databaseUrl, (connection) => {
    const hasColumn = (name: string) =>
      connection.prepare(`SELECT 1 FROM pragma_table_info('Article') WHERE "name" = ?`).get(name) !== undefined;
    if (!hasColumn('bodyText')) return 0;
    const missing = connection.prepare<[number], { id: number; excerptHtml: string; bodyHtml: string }>(
      `SELECT "id", "excerptHtml", "bodyHtml" FROM "Article" WHERE "bodyText" IS NULL AND "id" > ? ORDER BY "id" LIMIT 500`,
    );
    const fill = hasColumn('wordCount')
      ? connection.prepare<[string, string, number, number]>(
          `UPDATE "Article" SET "excerptText" = ?, "bodyText" = ?, "wordCount" = ? WHERE "id" = ?`,
        )
      : undefined;
    const fillText = connection.prepare<[string, string, number]>(
      `UPDATE "Article" SET "excerptText" = ?, "bodyText" = ? WHERE "id" = ?`,
    );
    return connection.transaction(() => {
      let filled = 0;
      for (let after = 0, rows; (rows = missing.all(after)).length > 0;) {
        for (const row of rows) {
          const body = plainText(row.bodyHtml);
          after = row.id;
          if (fill) fill.run(plainText(row.excerptHtml), body, countWords(body), row.id);
          else fillText.run(plainText(row.excerptHtml), body, row.id);
        }
        filled += rows.length;
      }
      return filled;
    })();
  });
}
