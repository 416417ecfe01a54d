/**
 * The back office's article editor: who may edit what, what each of the
 * editor's buttons (its intent) means for state and publication time, and
 * the revision every explicit save keeps, committed with the article.
 */
import { db, type Article, type Prisma, type User } from '#app/models/db.ts';
import {
  saveArticle,
  articleInclude,
  type ArticleInput,
  type ArticleState,
  type ArticleWithRelations,
} from '#app/models/article.ts';
import { ValidationError } from '#app/models/validation.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { keepSaveRevision } from '#app/models/article/revisions.ts';
import { currentSettings } from '#app/models/settings.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { instantsAt } from '#app/helpers/time-zone.ts';

/** The editor's submit buttons, `name="intent"`. */
export const intents = ['draft', 'publish', 'schedule', 'unpublish'] as const;
export type Intent = (typeof intents)[number];

export function isIntent(value: unknown): value is Intent {
  return typeof value === 'string' && (intents as readonly string[]).includes(value);
}

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
  const stored = current?.publishedAt ?? null;
  const requested = keepSeconds(parsePublishDate(edit.publishedAt, timeZone, stored), stored);
  return {
    title: edit.title,
    slug: chosenSlug(edit),
    excerpt: edit.excerpt,
    bodySource: edit.body,
    textFilter: edit.textFilter || 'markdown',
    tags: edit.tags,
    sectionId: parseSectionId(edit.sectionId),
    allowComments: edit.allowComments,
    ...publicationFor(intent ?? currentIntent(current, now), requested, now),
  };
}

/**
 * State and publication time for an intent. Publish now backdates to a
 * past date the author gave (or keeps a live article's date), else now;
 * Schedule needs a time still to come.
 */
export function publicationFor(
  intent: Intent,
  requestedAt: Date | null,
  now: Date,
): { state: ArticleState; publishedAt: Date | null } {
  switch (intent) {
    case 'draft':
    case 'unpublish':
      return { state: 'draft', publishedAt: requestedAt };
    case 'publish':
      return { state: 'published', publishedAt: requestedAt && requestedAt <= now ? requestedAt : now };
    case 'schedule':
      if (!requestedAt) throw new ValidationError({ publishedAt: 'Choose the date and time to publish at.' });
      if (requestedAt <= now)
        throw new ValidationError({
          publishedAt: 'That time has already passed: choose a time in the future to schedule, or Publish now.',
        });
      return { state: 'published', publishedAt: requestedAt };
  }
}

/**
 * A datetime-local value, wall time in the blog's zone, as the UTC instant
 * it names; '' is none. A time the clocks skip (spring forward) is refused.
 * A time they show twice (fall back) is the first of the two, unless the
 * stored date is the other one and the field was left as it was.
 */
export function parsePublishDate(value: string, timeZone: string, stored: Date | null = null): Date | null {
  const text = value.trim();
  if (!text) return null;
  const instants = instantsAt(text, timeZone);
  const year = Number(text.slice(0, 4));
  if (!instants || year < 1970 || year > 9999) {
    throw new ValidationError({
      publishedAt: `Give the publish date as a date and time in the blog’s time zone (${timeZone}), e.g. 2026-05-01 09:30.`,
    });
  }
  if (instants.length === 0) {
    throw new ValidationError({
      publishedAt: `${text.replace('T', ' ')} does not exist in ${timeZone}: the clocks skip that hour when summer time starts. Choose another time.`,
    });
  }
  const sameMinute = (instant: Date) =>
    stored !== null && Math.floor(stored.getTime() / 60_000) === Math.floor(instant.getTime() / 60_000);
  return instants.find(sameMinute) ?? instants[0]!;
}

function parseSectionId(value: string): number | null {
  const text = value.trim();
  if (!text) return null;
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647)
    throw new ValidationError({ sectionId: 'Choose a section from the list.' });
  return Number(text);
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

function currentIntent(current: Article | null, now: Date): Intent {
  const status = current ? articleStatus(current, now) : 'draft';
  return status === 'published' ? 'publish' : status === 'scheduled' ? 'schedule' : 'draft';
}

/** The form shows minutes; an unchanged date keeps the stored seconds (and so the article's place in lists). */
function keepSeconds(requested: Date | null, stored: Date | null): Date | null {
  if (!requested || !stored) return requested;
  return Math.floor(stored.getTime() / 60_000) * 60_000 === requested.getTime() ? stored : requested;
}
