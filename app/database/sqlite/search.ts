/**
 * Search on SQLite: the FTS5 table "ArticleSearch" over the articles' plain
 * text (kept by triggers, see the search migrations), `MATCH`, `bm25` and
 * `snippet`. Each word is quoted, so the reader's query is never FTS syntax.
 */
import type { SearchQueries } from '#app/database/boundary.ts';
import { snippetMarks } from '#app/database/snippet-marks.ts';
import { sqliteTimestamp, type SqlValue } from '#app/database/sqlite/connection.ts';
import { visibleSql } from '#app/database/visibility-sql.ts';

type Rows = <T>(sql: string, ...params: SqlValue[]) => Promise<T[]>;

export function sqliteSearch(rows: Rows): SearchQueries {
  return {
    /**
     * bm25 with the title weighted highest. FTS5 walks its index by rowid
     * (article id, so roughly by age) and stops after `candidates`; CROSS
     * JOIN keeps SQLite from walking every visible article instead. Snippets
     * quote the rendered text, never the title: the excerpt where it
     * matches, else the body; they are made for the one page of hits only.
     */
    async rankedMatches(words, now, limit, offset, candidates) {
      const match = words.map((w) => `"${w.replace(/"/g, '')}"`).join(' ');
      const page = await rows<{ id: number; total: number; matched: number }>(
        `WITH recent AS (
            SELECT rowid AS id, bm25("ArticleSearch", 10.0, 4.0, 1.0) AS score FROM "ArticleSearch"
             WHERE "ArticleSearch" MATCH ? ORDER BY rowid DESC LIMIT ?)
          SELECT r.id, count(*) OVER () AS total, (SELECT count(*) FROM recent) AS matched
            FROM recent r CROSS JOIN "Article" a ON a."id" = r.id
           WHERE ${visibleSql('a')}
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
      const snippets = await rows<{ id: number; excerpt: string | null; body: string | null }>(
        `SELECT rowid AS id, ${snippetOf(searchColumns.excerpt)} AS excerpt, ${snippetOf(searchColumns.body)} AS body
           FROM "ArticleSearch" WHERE "ArticleSearch" MATCH ? AND rowid IN (${ids.map(() => '?').join(', ')})`,
        match,
        ...ids,
      );
      const byId = new Map(
        snippets.map((row) => [row.id, row.excerpt?.includes(snippetMarks.open) ? row.excerpt : (row.body ?? '')]),
      );
      return { hits: ids.map((id) => ({ id, snippet: byId.get(id) ?? '' })), total, capped };
    },
  };
}

// The index's columns, by position: title, excerptText, bodyText.
const searchColumns = { excerpt: 1, body: 2 } as const;

function snippetOf(column: number): string {
  return `snippet("ArticleSearch", ${column}, '${snippetMarks.open}', '${snippetMarks.close}', '…', 24)`;
}
