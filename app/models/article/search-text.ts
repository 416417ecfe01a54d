/**
 * The text search indexes and quotes: what readers read, the plain text of
 * an article's rendered excerpt and body, never its Markdown source. The save
 * path stores it with the HTML (article.ts); db:migrate fills it for articles
 * saved before it existed.
 */
import { plainText } from '#app/text-filters/index.ts';
import { withConnection } from '#app/models/sqlite.ts';

/**
 * What the index puts around a match in a snippet: control characters that
 * survive HTML escaping (search.ts turns them into <mark>) and that indexed
 * text never contains, so only the index can mark a match.
 */
export const snippetMarks = { open: '\u0002', close: '\u0003' } as const;

export function searchText(html: string): string {
  return plainText(html).replaceAll(snippetMarks.open, '').replaceAll(snippetMarks.close, '');
}

/**
 * Gives articles saved before search read their plain text (the
 * search_rendered_text migration) that text, computed from their HTML, in
 * one transaction; the search triggers index each row as it is filled. A raw
 * UPDATE leaves updatedAt alone: nothing a reader sees changed. Returns how
 * many rows it filled (none on a schema without the columns).
 */
export function fillSearchText(databaseUrl: string): number {
  return withConnection(databaseUrl, (connection) => {
    if (!connection.prepare(`SELECT 1 FROM pragma_table_info('Article') WHERE "name" = 'bodyText'`).get()) return 0;
    const missing = connection.prepare<[number], { id: number; excerptHtml: string; bodyHtml: string }>(
      `SELECT "id", "excerptHtml", "bodyHtml" FROM "Article" WHERE "bodyText" IS NULL AND "id" > ? ORDER BY "id" LIMIT 500`,
    );
    const fill = connection.prepare(`UPDATE "Article" SET "excerptText" = ?, "bodyText" = ? WHERE "id" = ?`);
    return connection.transaction(() => {
      let filled = 0;
      for (let after = 0, rows; (rows = missing.all(after)).length > 0;) {
        for (const row of rows) fill.run(searchText(row.excerptHtml), searchText(row.bodyHtml), (after = row.id));
        filled += rows.length;
      }
      return filled;
    })();
  });
}
