import type { Request, Response } from 'express';
import { listPage, parseRecordId } from '#app/controllers/concerns/params.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import {
  listForEditor,
  filterChoices,
  articleStatuses,
  type AdminArticleFilters,
} from '#app/models/article/admin-listing.ts';
import { listingStatus, type ListingStatus } from '#app/models/article/visibility.ts';

/** GET /admin/articles?state=&sectionId=&tag=&authorId=&q=&page= */
export async function index(req: Request, res: Response) {
  const editor = signedInUser(req);
  const filters = listFilters(req.query);
  const [listing, choices] = await Promise.all([listForEditor(filters, editor), filterChoices(editor)]);
  await renderAdmin(
    req,
    res,
    'articles/index',
    { listing, choices, filters, statusOf: listingStatus, pageUrl: (page: number) => listUrl(filters, page) },
    { title: 'Articles', section: 'articles' },
  );
}

/** Filters from the query string; anything malformed is simply no filter. */
function listFilters(query: Request['query']): AdminArticleFilters {
  const one = (name: string) => {
    const value = query[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const id = (name: string) => parseRecordId(one(name)) ?? undefined;
  const state = one('state') as ListingStatus;
  return {
    state: articleStatuses.includes(state) ? state : undefined,
    sectionId: id('sectionId'),
    tag: one('tag').slice(0, 120) || undefined,
    authorId: id('authorId'),
    q: one('q').slice(0, 200) || undefined,
    page: listPage(one('page')),
  };
}

function listUrl(filters: AdminArticleFilters, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, page: page > 1 ? page : undefined }))
    if (value !== undefined) params.set(key, String(value));
  const query = params.toString();
  return query ? `/admin/articles?${query}` : '/admin/articles';
}
