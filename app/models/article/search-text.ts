/**
 * The text search indexes and quotes: what readers read, the plain text of
 * an article's rendered excerpt and body, never its Markdown source. The save
 * path stores it with the HTML (article.ts); db:migrate fills it for articles
 * saved before it existed.
 */
import { plainText } from '#app/text-filters/index.ts';
import { controlCharacters, snippetMarks } from '#app/database/snippet-marks.ts';

export { snippetMarks };

export function searchText(html: string): string {
  return plainText(html).replace(controlCharacters, '');
}
