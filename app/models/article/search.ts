/**
 * Full-text search over visible articles. The reader's query is always
 * words, never the engine's syntax; each dialect's index (FTS5 on SQLite,
 * a tsvector on PostgreSQL) is behind the database boundary (`search`).
 */
import { database } from '#app/models/db.ts';
import { snippetMarks } from '#app/database/snippet-marks.ts';
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

/** `rails "ajax` → ["rails", "ajax"] (all must match), or [] if no words; at most 16. */
export function searchWords(query: string): string[] {
  return query
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 16);
}

export async function searchVisibleArticles(
  query: string,
  page: number,
  perPage: number,
  now = new Date(),
): Promise<SearchResults> {
  const words = searchWords(query);
  if (words.length === 0) return { query, results: [], total: 0, capped: false, page, perPage };
  const { hits, total, capped } = await database().search.rankedMatches(
    words,
    now,
    perPage,
    (page - 1) * perPage,
    rankedCandidates,
  );
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

/** How many of the newest matches are ranked: a common word costs the same in any archive. */
const rankedCandidates = 200;

/** Escapes the snippet text, then turns the index's marks into <mark>. */
function highlightSnippet(snippet: string): string {
  return escapeHtml(snippet).replaceAll(snippetMarks.open, '<mark>').replaceAll(snippetMarks.close, '</mark>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
