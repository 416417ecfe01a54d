/**
 * The editor page, shared by new and edit: form values from a request (only
 * the editor's own fields: an author, state or role in the body is never
 * read) or from an article, the save that re-renders with 422 on bad
 * input, and the page itself with its choices and URLs for editor.js.
 */
import type { Request, Response } from 'express';
import type { ArticleWithRelations } from '#app/models/article.ts';
import { db } from '#app/models/db.ts';
import { ValidationError } from '#app/models/validation.ts';
import { textFilterNames } from '#app/text-filters/index.ts';
import { saveEdit, type ArticleEdit } from '#app/models/article/editing.ts';
import { isIntent, type Intent } from '#app/models/article/publishing.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { renderAdmin, flash, adminHelpersOf } from '#app/controllers/concerns/admin-page.ts';
import type { AdminHelpers } from '#app/helpers/admin.ts';
import { articlePath } from '#app/helpers/permalinks.ts';

export interface EditorPage {
  article: ArticleWithRelations | null;
  values: ArticleEdit;
  errors?: Record<string, string>;
  status?: number;
  /** Shown above the form, e.g. when the values come from an autosave. */
  notice?: string | null;
  /** The signed-in user's autosave, when it differs from the saved text. */
  autosave?: { at: Date } | null;
}

/** The editor's fields from a form or JSON body; anything else in it is ignored. */
export function formValues(body: unknown): ArticleEdit {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
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
  };
}

/** The form's values for a saved article; the publish date as wall time in the blog's zone (`h` from adminHelpersOf). */
export function valuesOf(article: ArticleWithRelations, h: Pick<AdminHelpers, 'dateTimeInput'>): ArticleEdit {
  return {
    title: article.title,
    slug: article.slug,
    excerpt: article.excerpt,
    body: article.bodySource,
    textFilter: article.textFilter,
    tags: article.taggings.map(({ tag }) => tag.name).join(', '),
    sectionId: article.sectionId ? String(article.sectionId) : '',
    allowComments: article.allowComments,
    publishedAt: h.dateTimeInput(article.publishedAt),
  };
}

export const blankValues: Readonly<ArticleEdit> = Object.freeze({
  title: '',
  slug: '',
  excerpt: '',
  body: '',
  textFilter: 'markdown',
  tags: '',
  sectionId: '',
  allowComments: true,
  publishedAt: '',
});

/** POST /admin/articles and /admin/articles/:id: save, or show the form again with every typed value. */
export async function saveFromForm(req: Request, res: Response, article: ArticleWithRelations | null): Promise<void> {
  const values = formValues(req.body);
  const intent = isIntent(req.body?.intent) ? req.body.intent : null;
  try {
    const saved = await saveEdit(values, intent, signedInUser(req), article);
    flash(req, 'notice', savedMessage(intent, saved, await adminHelpersOf()));
    res.redirect(303, `/admin/articles/${saved.id}/edit`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await renderEditor(req, res, { article, values, errors: error.fields, status: 422 });
  }
}

export async function renderEditor(req: Request, res: Response, page: EditorPage): Promise<void> {
  const { article, values } = page;
  const [sections, tags] = await Promise.all([
    db.section.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, name: true } }),
    db.tag.findMany({ orderBy: { name: 'asc' }, select: { name: true }, take: 500 }),
  ]);
  const base = article ? `/admin/articles/${article.id}` : '/admin/articles';
  await renderAdmin(
    req,
    res,
    'articles/edit',
    {
      article,
      values,
      errors: page.errors ?? {},
      notice: page.notice ?? null,
      autosave: page.autosave ?? null,
      currentStatus: article ? articleStatus(article) : 'new',
      publicUrl: article && articleStatus(article) === 'published' ? articlePath(article) : null,
      sections,
      tagNames: tags.map((t) => t.name),
      textFilters: textFilterNames,
      urls: { action: base, preview: `${base}/preview`, autosave: `${base}/autosave` },
      // editor.js forgets its local copy once the page shows what was saved (not after a 422).
      persisted: Boolean(article) && !page.status && !page.notice,
    },
    { title: article ? `Edit “${article.title}”` : 'New article', section: 'articles', status: page.status },
  );
}

function savedMessage(
  intent: Intent | null,
  saved: { state: string; publishedAt: Date | null },
  h: Pick<AdminHelpers, 'dateTime'>,
): string {
  const status = articleStatus(saved);
  if (intent === 'unpublish') return 'Unpublished: the article is a draft again.';
  if (status === 'scheduled') return `Scheduled for ${h.dateTime(saved.publishedAt)}.`;
  if (status === 'published') return intent === 'publish' ? 'Published.' : 'Saved.';
  return 'Draft saved.';
}
