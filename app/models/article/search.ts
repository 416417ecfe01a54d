/**
 * Full-text search over visible articles. The reader's query is always
 * words, never FTS syntax: each word is quoted before it reaches the index.
 */
import { searchArticles, snippetMarks } from '#app/models/sqlite.ts';
import { findVisibleByIds, type ReadableArticle } from '#app/models/article/reading.ts';

export const maxQueryLength = 200;

export interface SearchResults {
  query: string;
  results: { article: ReadableArticle; snippetHtml: string }[];
  /** How many visible articles matched; a lower bound when `capped` (see searchArticles). */
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
  const { hits, total, capped } = searchArticles(match, now, perPage, (page - 1) * perPage);
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

/** Escapes the snippet text, then turns the index's marks into <mark>. */
function highlightSnippet(snippet: string): string {
  return escapeHtml(snippet).replaceAll(snippetMarks.open, '<mark>').replaceAll(snippetMarks.close, '</mark>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
