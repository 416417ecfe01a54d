/**
 * The text search indexes and quotes: what readers read, the plain text of
 * an article's rendered excerpt and body, never its Markdown source. The save
 * path stores it with the HTML (article.ts); db:migrate fills it for articles
 * saved before it existed.
 */
import { plainText } from '#app/text-filters/index.ts';
import { fillMissingSearchText } from '#app/models/sqlite.ts';

export function searchText(html: string): string {
  // Without the control characters snippets use as highlight marks, only the index can mark a match.
  return plainText(html).replace(/[\u0002\u0003]/g, '');
}

/** Fills the text of every article that lacks it; returns how many. */
export function fillSearchText(databaseUrl: string): number {
  return fillMissingSearchText(databaseUrl, searchText);
}
