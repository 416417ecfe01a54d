/**
 * The article editor's fields from a form or JSON body (the editor page, its
 * preview and its autosave). Only the editor's own fields are read: an
 * author, state or role in the body is never seen.
 */
import type { ArticleEdit } from '#app/models/article/editing.ts';

export function articleFields(body: unknown): ArticleEdit {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  // A repeated field counts once, as its last value; line ends are the browser's CRLF.
  const text = (name: string) => {
    const value = Array.isArray(fields[name]) ? (fields[name] as unknown[]).at(-1) : fields[name];
    return typeof value === 'string' ? value.replace(/\r\n/g, '\n') : '';
  };
  const allow = text('allowComments');
  return {
    title: text('title'),
    slug: text('slug'),
    excerpt: text('excerpt'),
    body: text('body'),
    textFilter: text('textFilter'),
    tags: text('tags'),
    sectionId: text('sectionId'),
    allowComments: allow !== '' && allow !== '0' && allow !== 'false',
    publishedAt: text('publishedAt'),
    ...('coverAssetId' in fields && { coverAssetId: text('coverAssetId') }),
  };
}
