/**
 * The back office's article editor: who may edit what, how the form's typed
 * values become the model's input, and the revision every explicit save
 * keeps, committed with the article. What each button (its intent) means
 * for state and time is article/publishing.ts.
 */
import { db, type Article, type Prisma, type User } from '#app/models/db.ts';
import { saveArticle, articleInclude, type ArticleInput, type ArticleWithRelations } from '#app/models/article.ts';
import { ValidationError } from '#app/models/validation.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { keepSaveRevision } from '#app/models/article/revisions.ts';
import { currentSettings } from '#app/models/settings.ts';
import { currentIntent, publicationFor, requestedPublishDate, type Intent } from '#app/models/article/publishing.ts';
import { parseRecordId } from '#app/models/record-id.ts';
import { coverRefused } from '#app/models/article/cover.ts';

/** What the editor form sends, as typed: the only fields a save reads (no author, no state). */
export interface ArticleEdit {
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  textFilter: string;
  tags: string;
  sectionId: string;
  allowComments: boolean;
  /** `YYYY-MM-DDTHH:mm` from a datetime-local input: wall time in the blog's time zone; '' for none. */
  publishedAt: string;
  /** The cover upload's id, '' for none; absent (a form without the field) keeps the current cover. */
  coverAssetId?: string;
}

export type Editor = Pick<User, 'id' | 'role'>;

/** Administrators edit every article; authors only their own. */
export function editableBy(editor: Editor): Prisma.ArticleWhereInput {
  return editor.role === 'admin' ? {} : { authorId: editor.id };
}

/** The article if this editor may edit it, else null (another author's article does not exist for them). */
export function findEditableArticle(id: number, editor: Editor): Promise<ArticleWithRelations | null> {
  return db.article.findFirst({ where: { AND: [{ id }, editableBy(editor)] }, include: articleInclude });
}

/**
 * An explicit save from the editor. `intent` null keeps the current state.
 * The new article belongs to `editor`; an existing one keeps its author.
 */
export async function saveEdit(
  edit: ArticleEdit,
  intent: Intent | null,
  editor: Editor,
  current: Article | null,
  now = new Date(),
): Promise<Article> {
  const input = articleInputFor(edit, intent, current, now, (await currentSettings()).timeZone);
  return saveArticle(input, editor.id, current?.id, now, (tx, saved) => keepSaveRevision(tx, saved, editor.id));
}

/** The model input an edit stands for: typed values parsed (the date in the blog's `timeZone`), the intent turned into state and time. */
export function articleInputFor(
  edit: ArticleEdit,
  intent: Intent | null,
  current: Article | null,
  now: Date,
  timeZone: string,
): ArticleInput {
  const requested = requestedPublishDate(edit.publishedAt, timeZone, current?.publishedAt ?? null);
  return {
    title: edit.title,
    slug: chosenSlug(edit),
    excerpt: edit.excerpt,
    bodySource: edit.body,
    textFilter: edit.textFilter || 'markdown',
    tags: edit.tags,
    sectionId: parseSectionId(edit.sectionId),
    allowComments: edit.allowComments,
    coverAssetId: edit.coverAssetId === undefined ? undefined : parseCoverId(edit.coverAssetId),
    ...publicationFor(intent ?? currentIntent(current, now), requested, now),
  };
}

function parseSectionId(value: string): number | null {
  const text = value.trim();
  if (!text) return null;
  const id = parseRecordId(text);
  if (id === null) throw new ValidationError({ sectionId: 'Choose a section from the list.' });
  return id;
}

function parseCoverId(value: string): number | null {
  const text = value.trim();
  if (!text) return null;
  const id = parseRecordId(text);
  if (id === null) throw new ValidationError({ coverAssetId: coverRefused });
  return id;
}

/**
 * The slug the author chose, or undefined when it is just the title's: a
 * derived slug may get a numeric suffix on a clash, a chosen one is kept
 * as typed and a clash is reported.
 */
function chosenSlug(edit: ArticleEdit): string | undefined {
  const slug = edit.slug.trim();
  return slug && toSlug(slug) !== toSlug(edit.title) ? slug : undefined;
}
