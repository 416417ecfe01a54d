import type { Request, Response } from 'express';
import { findByPermalink, neighbours } from '#app/models/article.ts';
import { parseDateRange, dayPrefix } from '#app/models/article/archive.ts';
import { notFound } from '#app/middleware/errors.ts';
import { renderArticle } from '#app/controllers/concerns/article-page.ts';

/** GET /:year/:month/:day/:slug */
export async function show(req: Request, res: Response) {
  const article = await loadArticle(req);
  await renderArticle(req, res, article, await neighbours(article));
}

/** GET /articles/*path: Typo 4's URLs, moved permanently to the same path without the prefix. */
export function legacyRedirect(req: Request, res: Response) {
  const rest = (req.params.path as unknown as string[]).map(encodeURIComponent).join('/');
  if (!/^\d{4}(\/|$)/.test(rest)) throw notFound();
  res.redirect(301, `/${rest}`);
}

/** The visible article named by the permalink params, or a 404. */
export async function loadArticle(req: Request) {
  const { year, month, day, slug } = req.params as Record<string, string>;
  const range = parseDateRange(year!, month, day);
  const article = range?.day ? await findByPermalink(dayPrefix(range), slug!) : null;
  if (!article) throw notFound('There is no article at this address.');
  return article;
}
