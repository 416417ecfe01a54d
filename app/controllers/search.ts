import type { Request, Response } from 'express';
import { searchVisibleArticles, maxQueryLength } from '#app/models/article/search.ts';
import { currentSettings } from '#app/models/settings.ts';
import { presentArticle } from '#app/presenters/article.ts';
import { resultsPagination } from '#app/helpers/pagination.ts';
import { renderPage } from '#app/themes/page.ts';
import { badRequest, notFound } from '#app/middleware/http-errors.ts';
import { ensurePageExists, maxListPage, wholeNumber } from '#app/controllers/concerns/params.ts';
import { appContext } from '#app/context.ts';

/** GET /search?q=words&page=n */
export async function index(req: Request, res: Response) {
  const query = typeof req.query.q === 'string' ? req.query.q.trim() : '';
  if (query.length > maxQueryLength) throw badRequest(`Search for at most ${maxQueryLength} characters.`);
  // The "simple" query parser (config/application.ts) gives a string, or strings for a repeated name.
  const page = searchPage(req.query.page as string | string[] | undefined);
  const { articlesPerPage } = await currentSettings();
  const found = await searchVisibleArticles(query, page, articlesPerPage, appContext(req).clock.now());
  ensurePageExists(page, found.results.length);
  const base = `/search?q=${encodeURIComponent(query)}`;
  await renderPage(
    req,
    res,
    'search',
    {
      search: {
        query,
        total: found.total,
        capped: found.capped,
        results: found.results.map((r) => ({ article: presentArticle(r.article), snippetHtml: r.snippetHtml })),
      },
      pagination: resultsPagination(page, page * articlesPerPage < found.total, (n) => `${base}&page=${n}`),
    },
    { title: query ? `Search: ${query}` : 'Search' },
  );
}

function searchPage(raw: string | string[] | undefined): number {
  if (raw === undefined) return 1;
  const page = wholeNumber(raw, maxListPage);
  if (page === null) throw notFound(`There is no results page "${Array.isArray(raw) ? raw.join(',') : raw}".`);
  return page;
}
