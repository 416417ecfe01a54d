/**
 * The unsaved article a preview shows: the editor's typed values rendered
 * exactly as a save would render them, with the relations a theme shows.
 * Nothing is written, and nothing here can fail on half-typed input.
 */
import { db, type User } from '#app/models/db.ts';
import type { ArticleWithRelations } from '#app/models/article.ts';
import { ValidationError } from '#app/models/validation.ts';
import { currentSettings } from '#app/models/settings.ts';
import { parseTagList } from '#app/models/tag.ts';
import { renderArticleHtml, isTextFilterName } from '#app/text-filters/index.ts';
import { publicationDay, toSlug } from '#app/models/article/permalink.ts';
import type { ArticleEdit } from '#app/models/article/editing.ts';
import { parsePublishDate } from '#app/models/article/publishing.ts';
import { parseRecordId } from '#app/models/record-id.ts';
import { uploadKind } from '#app/models/upload/links.ts';
import { countWords } from '#app/models/article/word-count.ts';
import { searchText } from '#app/models/article/search-text.ts';

const maxBody = 1_000_000;

export async function previewArticle(
  edit: ArticleEdit,
  current: ArticleWithRelations | null,
  editor: Pick<User, 'id' | 'login' | 'displayName'>,
  now = new Date(),
): Promise<ArticleWithRelations> {
  if (edit.body.length > maxBody) throw new ValidationError({ body: 'The body is over 1,000,000 characters.' });
  const filter = isTextFilterName(edit.textFilter) ? edit.textFilter : 'markdown';
  const coverId =
    edit.coverAssetId === undefined ? (current?.coverAssetId ?? null) : parseRecordId(edit.coverAssetId.trim());
  const [{ timeZone }, section, cover] = await Promise.all([
    currentSettings(),
    sectionFor(edit.sectionId),
    edit.coverAssetId === undefined ? (current?.cover ?? null) : coverFor(coverId),
  ]);
  const bodyHtml = renderArticleHtml(edit.body, filter);
  const publishedAt =
    lenientDate(edit.publishedAt, timeZone, current?.publishedAt ?? null) ?? current?.publishedAt ?? now;
  const title = edit.title.trim() || 'Untitled';
  return {
    id: current?.id ?? 0,
    title,
    slug: toSlug(edit.slug || title) || 'untitled',
    excerpt: edit.excerpt,
    excerptHtml: edit.excerpt.trim() ? renderArticleHtml(edit.excerpt, filter) : '',
    bodySource: edit.body,
    bodyHtml,
    excerptText: null, // a preview is never searched
    bodyText: null,
    textFilter: filter,
    state: current?.state ?? 'draft',
    publishedAt,
    publishedOn: publicationDay(publishedAt, timeZone),
    allowComments: edit.allowComments,
    coverAssetId: cover ? coverId : null,
    cover,
    wordCount: countWords(searchText(bodyHtml)),
    deletedAt: null,
    deletedFromState: null,
    commentsCount: current?.commentsCount ?? 0,
    authorId: current?.authorId ?? editor.id,
    author: current?.author ?? { login: editor.login, displayName: editor.displayName },
    sectionId: section?.id ?? null,
    section: section ? { slug: section.slug, name: section.name } : null,
    taggings: parseTagList(edit.tags).map((name) => ({ tag: { name, slug: toSlug(name) } })),
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  };
}

function lenientDate(value: string, timeZone: string, stored: Date | null): Date | null {
  try {
    return parsePublishDate(value, timeZone, stored);
  } catch {
    return null;
  }
}

/** The chosen cover if it is an image upload; a preview shows none rather than failing on a bad id. */
async function coverFor(id: number | null) {
  const asset =
    id === null
      ? null
      : await db.asset.findUnique({
          where: { id },
          select: { storedName: true, width: true, height: true, contentType: true },
        });
  if (!asset || uploadKind(asset) !== 'image') return null;
  return { storedName: asset.storedName, width: asset.width, height: asset.height };
}

function sectionFor(value: string) {
  const id = parseRecordId(value.trim());
  return id === null
    ? Promise.resolve(null)
    : db.section.findUnique({ where: { id }, select: { id: true, slug: true, name: true } });
}
