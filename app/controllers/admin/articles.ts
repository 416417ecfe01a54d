import type { Request, Response } from 'express';
import { parseRecordId } from '#app/controllers/concerns/params.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { renderAdmin, adminHelpersOf } from '#app/controllers/concerns/admin-page.ts';
import {
  listForEditor,
  filterChoices,
  articleStatuses,
  type AdminArticleFilters,
} from '#app/models/article/admin-listing.ts';
import { articleStatus, type ArticleStatus } from '#app/models/article/visibility.ts';
import { findAutosave } from '#app/models/article/autosave.ts';
import { sameText } from '#app/models/article/revisions.ts';
import { editableArticle } from '#app/controllers/admin/article-access.ts';
import { blankValues, renderEditor, saveFromForm, valuesOf } from '#app/controllers/admin/article-form.ts';

/** GET /admin/articles?state=&sectionId=&tag=&authorId=&q=&page= */
export async function index(req: Request, res: Response) {
  const editor = signedInUser(req);
  const filters = listFilters(req.query);
  const [listing, choices] = await Promise.all([listForEditor(filters, editor), filterChoices(editor)]);
  await renderAdmin(
    req,
    res,
    'articles/index',
    { listing, choices, filters, statusOf: articleStatus, pageUrl: (page: number) => listUrl(filters, page) },
    { title: 'Articles', section: 'articles' },
  );
}

/** GET /admin/articles/new */
export async function newArticle(req: Request, res: Response) {
  await renderEditor(req, res, { article: null, values: { ...blankValues } });
}

/** POST /admin/articles: the pressed button's `intent` says draft, publish or schedule. */
export async function create(req: Request, res: Response) {
  await saveFromForm(req, res, null);
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
  if (newer && req.query.autosave === '1') {
    const values = {
      ...valuesOf(article, h),
      title: newer.title,
      excerpt: newer.excerpt,
      body: newer.bodySource,
      textFilter: newer.textFilter,
    };
    return renderEditor(req, res, {
      article,
      values,
      notice: `This is your autosaved text from ${h.dateTime(newer.createdAt)}: save to keep it.`,
    });
  }
  await renderEditor(req, res, { article, values: valuesOf(article, h), autosave: newer && { at: newer.createdAt } });
}

/** POST /admin/articles/:id: save with the pressed button's intent (draft, publish, schedule, unpublish). */
export async function update(req: Request, res: Response) {
  await saveFromForm(req, res, await editableArticle(req));
}

/** Filters from the query string; anything malformed is simply no filter. */
function listFilters(query: Request['query']): AdminArticleFilters {
  const one = (name: string) => (typeof query[name] === 'string' ? (query[name]).trim() : '');
  const id = (name: string) => parseRecordId(one(name)) ?? undefined;
  const state = one('state') as ArticleStatus;
  return {
    state: articleStatuses.includes(state) ? state : undefined,
    sectionId: id('sectionId'),
    tag: one('tag').slice(0, 120) || undefined,
    authorId: id('authorId'),
    q: one('q').slice(0, 200) || undefined,
    page: /^[1-9]\d{0,5}$/.test(one('page')) ? Number(one('page')) : 1,
  };
}

function listUrl(filters: AdminArticleFilters, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, page: page > 1 ? page : undefined }))
    if (value !== undefined) params.set(key, String(value));
  const query = params.toString();
  return query ? `/admin/articles?${query}` : '/admin/articles';
}
