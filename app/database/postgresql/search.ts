/**
 * Search on PostgreSQL: the generated tsvector "Article"."searchVector" (the
 * `folio` text search configuration: English stems, no stop words; title
 * weighted A, excerpt B, body C) behind a GIN index, `plainto_tsquery` (the
 * reader's words are always words, all of them required), `ts_rank` and
 * `ts_headline` for snippets.
 */
import type { SearchQueries } from '#app/database/boundary.ts';
import { snippetMarks } from '#app/database/snippet-marks.ts';
import { timestamp, type Rows } from '#app/database/postgresql/pool.ts';
import { visibleSql } from '#app/database/visibility-sql.ts';

/** Weights of D, C, B, A (body C, excerpt B, title A): as bm25's 10 : 4 : 1 on SQLite. */
const weights = '{0, 0.1, 0.4, 1.0}';

/** About FTS5's 24-token snippet; the "…" where it is cut are added here (see `withEllipses`). */
const headlineOptions = [
  `StartSel=${snippetMarks.open}`,
  `StopSel=${snippetMarks.close}`,
  'MaxWords=24',
  'MinWords=12',
  'ShortWord=0',
].join(', ');

/** The text as the index reads it: see the search part of the init migration. */
const asIndexed = (column: string) => `translate(coalesce(${column}, ''), '<>', chr(4) || chr(5))`;

export function postgresSearch(rows: Rows): SearchQueries {
  return {
    /**
     * The newest `candidates` matches by id (so roughly by age; the GIN
     * index finds them), ranked, the page of visible ones kept. Snippets
     * quote the rendered text, never the title: the excerpt where it
     * matches, else the body; made for the one page of hits only.
     */
    async rankedMatches(words, now, limit, offset, candidates) {
      const query = words.join(' ');
      const page = await rows<{ id: number; total: number; matched: number }>(
        // Ranked after the cut: ts_rank reads each match's whole vector, so
        // only the candidates pay for it, not every match of a common word.
        `WITH recent AS (
            SELECT a."id"
              FROM "Article" a, plainto_tsquery('folio', ?) q(query)
             WHERE a."searchVector" @@ q.query ORDER BY a."id" DESC LIMIT ?)
          SELECT r."id", (count(*) OVER ())::int AS total, (SELECT count(*) FROM recent)::int AS matched
            FROM recent r JOIN "Article" a ON a."id" = r."id", plainto_tsquery('folio', ?) q(query)
           WHERE ${visibleSql('a')}
           ORDER BY ts_rank(?::float4[], a."searchVector", q.query) DESC, a."publishedAt" DESC LIMIT ? OFFSET ?`,
        query,
        candidates,
        query,
        timestamp(now),
        weights,
        limit,
        offset,
      );
      const ids = page.map((row) => row.id);
      const total = page[0]?.total ?? 0;
      const capped = (page[0]?.matched ?? 0) >= candidates;
      if (ids.length === 0) return { hits: [], total, capped };
      const snippets = await rows<{ id: number; excerpt: string; body: string; excerptText: string; bodyText: string }>(
        `SELECT a."id", coalesce(a."excerptText", '') AS "excerptText", coalesce(a."bodyText", '') AS "bodyText",
                ts_headline('folio', ${asIndexed('a."excerptText"')}, q.query, ?) AS excerpt,
                ts_headline('folio', ${asIndexed('a."bodyText"')}, q.query, ?) AS body
           FROM "Article" a, plainto_tsquery('folio', ?) q(query) WHERE a."id" = ANY(?::int[])`,
        headlineOptions,
        headlineOptions,
        query,
        ids,
      );
      const byId = new Map(
        snippets.map((row) => [
          row.id,
          row.excerpt.includes(snippetMarks.open)
            ? withEllipses(row.excerpt, row.excerptText)
            : withEllipses(row.body, row.bodyText),
        ]),
      );
      return { hits: ids.map((id) => ({ id, snippet: byId.get(id) ?? '' })), total, capped };
    },
  };
}

/** The headline with "<" and ">" back, and "…" where it starts after or ends before its text, as FTS5's snippet has. */
function withEllipses(headline: string, text: string): string {
  const restored = headline.replaceAll('\u0004', '<').replaceAll('\u0005', '>').trim();
  const plain = restored.replaceAll(snippetMarks.open, '').replaceAll(snippetMarks.close, '');
  const whole = text.trim();
  return `${whole.startsWith(plain) ? '' : '…'}${restored}${whole.endsWith(plain) ? '' : '…'}`;
}
