/**
 * Full-text search over visible articles. The reader's query is always
 * words, never FTS syntax: each word is quoted before it reaches the index.
 *
 * SQLite dialect: the FTS5 table "ArticleSearch" (kept by triggers, see the
 * search migrations), `MATCH`, `bm25` and `snippet`.
 */
import { readRows } from '#app/models/db.ts';
import { sqliteTimestamp } from '#app/models/sqlite.ts';
import { snippetMarks } from '#app/models/article/search-text.ts';
import { visibleSql } from '#app/models/article/visibility.ts';
import { findVisibleByIds, type ReadableArticle } from '#app/models/article/reading.ts';

export const maxQueryLength = 200;

export interface SearchResults {
  query: string;
  results: { article: ReadableArticle; snippetHtml: string }[];
  /** How many visible articles matched; a lower bound when `capped` (see rankedMatches). */
  total: number;
  capped: boolean;
  page: number;
  perPage: number;
}

/** `rails "ajax` → `"rails" "ajax"` (an implicit AND of literal words), or '' if no words. */
export function quoteSearchQuery(query: string): string {
  const words = query
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words
    .slice(0, 16)
    .map((w) => `"${w}"`)
    .join(' ');
}

export async function searchVisibleArticles(
  query: string,
  page: number,
  perPage: number,
  now = new Date(),
): Promise<SearchResults> {
  const match = quoteSearchQuery(query);
  if (!match) return { query, results: [], total: 0, capped: false, page, perPage };
  const { hits, total, capped } = rankedMatches(match, now, perPage, (page - 1) * perPage);
  const articles = await findVisibleByIds(
    hits.map((h) => h.id),
    now,
  );
  const byId = new Map(articles.map((a) => [a.id, a]));
  const results = hits.flatMap((hit) => {
    const article = byId.get(hit.id);
    return article ? [{ article, snippetHtml: highlightSnippet(hit.snippet) }] : [];
  });
  return { query, results, total, capped, page, perPage };
}

interface SearchHit {
  id: number;
  snippet: string;
}

/**
 * Ranked matches among visible articles (bm25 with the title weighted
 * highest). `match` must already be a quoted FTS5 expression. Snippets quote
 * the rendered text, never the title (the result shows it already): the
 * excerpt where it matches, else the body.
 *
 * Ranking every match would make a common word's search grow with the
 * archive, so only the newest `candidates` matches are ranked: FTS5 walks
 * its index by rowid (article id, so roughly by age) and stops there. CROSS
 * JOIN keeps SQLite from walking every visible article instead.
 * `capped` says the cap was reached, and `total` is then a lower bound.
 * Snippets are made for the one page of hits only, in a second lookup.
 */
function rankedMatches(
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

// The index's columns, by position: title, excerptText, bodyText.
const searchColumns = { excerpt: 1, body: 2 } as const;

function snippetOf(column: number): string {
  return `snippet("ArticleSearch", ${column}, '${snippetMarks.open}', '${snippetMarks.close}', '…', 24)`;
}

/** Escapes the snippet text, then turns the index's marks into <mark>. */
function highlightSnippet(snippet: string): string {
  return escapeHtml(snippet).replaceAll(snippetMarks.open, '<mark>').replaceAll(snippetMarks.close, '</mark>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
