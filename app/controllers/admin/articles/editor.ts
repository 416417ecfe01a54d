/**
 * The editor page, shared by new and edit: its values come from the request
 * (after a refused save), from the article, or from the user's autosave;
 * saving re-renders it with 422 on bad input.
 */
import type { Request, Response } from 'express';
import type { ArticleWithRelations } from '#app/models/article.ts';
import { saveEdit, type ArticleEdit } from '#app/models/article/editing.ts';
import { isIntent, type Intent } from '#app/models/article/publishing.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { editorOptions } from '#app/models/article/editor-options.ts';
import { findAutosave } from '#app/models/article/autosave.ts';
import { sameText } from '#app/models/article/revisions.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { renderAdmin, flash, adminHelpersOf } from '#app/controllers/concerns/admin-page.ts';
import { editableArticle } from '#app/controllers/concerns/editable-article.ts';
import { articleFields } from '#app/controllers/concerns/article-fields.ts';
import { saveOrShowErrors } from '#app/controllers/concerns/form-errors.ts';
import type { AdminHelpers } from '#app/helpers/admin.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { imageChoices } from '#app/models/upload/image-choices.ts';
import { parseRecordId } from '#app/models/record-id.ts';

/** GET /admin/articles/new */
export async function newArticle(req: Request, res: Response) {
  await renderEditor(req, res, { article: null, values: { ...blankValues } });
}

/** POST /admin/articles: the pressed button's `intent` says draft, publish or schedule. */
export async function create(req: Request, res: Response) {
  await save(req, res, null);
}

/** GET /admin/articles/:id: in the back office an article is its editor. */
export async function show(req: Request, res: Response) {
  res.redirect(303, `/admin/articles/${(await editableArticle(req)).id}/edit`);
}

/** GET /admin/articles/:id/edit; `?autosave=1` fills the form with the signed-in user's autosaved text. */
export async function edit(req: Request, res: Response) {
  const article = await editableArticle(req);
  const autosaved = await findAutosave(article.id, signedInUser(req).id);
  const newer = autosaved && !sameText(autosaved, article) ? autosaved : null;
  const h = await adminHelpersOf();
  const values = valuesOf(article, h);
  if (newer && req.query.autosave === '1') {
    const notice = `This is your autosaved text from ${h.dateTime(newer.createdAt)}: save to keep it.`;
    const { title, excerpt, bodySource: body, textFilter } = newer;
    return renderEditor(req, res, { article, values: { ...values, title, excerpt, body, textFilter }, notice });
  }
  await renderEditor(req, res, { article, values, autosave: newer && { at: newer.createdAt } });
}

/** POST /admin/articles/:id: save with the pressed button's intent (draft, publish, schedule, unpublish). */
export async function update(req: Request, res: Response) {
  await save(req, res, await editableArticle(req));
}

interface EditorPage {
  article: ArticleWithRelations | null;
  values: ArticleEdit;
  errors?: Record<string, string>;
  status?: number;
  /** Shown above the form, e.g. when the values come from an autosave. */
  notice?: string | null;
  /** The signed-in user's autosave, when it differs from the saved text. */
  autosave?: { at: Date } | null;
}

const blankValues: Readonly<ArticleEdit> = Object.freeze({
  title: '',
  slug: '',
  excerpt: '',
  body: '',
  textFilter: 'markdown',
  tags: '',
  sectionId: '',
  allowComments: true,
  publishedAt: '',
  coverAssetId: '',
});

/** Save, or show the form again with every typed value. */
async function save(req: Request, res: Response, article: ArticleWithRelations | null): Promise<void> {
  const values = articleFields(req.body);
  const { intent } = (req.body ?? {}) as Record<string, unknown>;
  const chosen = isIntent(intent) ? intent : null;
  await saveOrShowErrors(
    async () => {
      const saved = await saveEdit(values, chosen, signedInUser(req), article);
      flash(req, 'notice', savedMessage(chosen, saved, await adminHelpersOf()));
      res.redirect(303, `/admin/articles/${saved.id}/edit`);
    },
    ({ errors, status }) => renderEditor(req, res, { article, values, errors, status }),
  );
}

async function renderEditor(req: Request, res: Response, page: EditorPage): Promise<void> {
  const { article, values } = page;
  const base = article ? `/admin/articles/${article.id}` : '/admin/articles';
  const current = article ? articleStatus(article) : 'new';
  await renderAdmin(
    req,
    res,
    'articles/edit',
    {
      ...(await editorOptions()),
      coverChoices: await imageChoices(signedInUser(req), parseRecordId(values.coverAssetId ?? '')),
      article,
      values,
      errors: page.errors ?? {},
      notice: page.notice ?? null,
      autosave: page.autosave ?? null,
      currentStatus: current,
      publicUrl: article && current === 'published' ? articlePath(article) : null,
      urls: { action: base, preview: `${base}/preview`, autosave: `${base}/autosave` },
      // editor.js forgets its local copy once the page shows what was saved (not after a 422).
      persisted: Boolean(article) && !page.status && !page.notice,
    },
    { title: article ? `Edit “${article.title}”` : 'New article', section: 'articles', status: page.status },
  );
}

/** The form's values for a saved article; the publish date as wall time in the blog's zone. */
function valuesOf(article: ArticleWithRelations, h: Pick<AdminHelpers, 'dateTimeInput'>): ArticleEdit {
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
    coverAssetId: article.coverAssetId ? String(article.coverAssetId) : '',
  };
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
