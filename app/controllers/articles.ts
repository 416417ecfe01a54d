import type { Request, Response } from 'express';
import { notFound } from '#app/middleware/http-errors.ts';
import { loadArticle } from '#app/controllers/concerns/article-loader.ts';
import { renderArticle } from '#app/controllers/concerns/article-page.ts';

/** GET /:year/:month/:day/:slug */
export async function show(req: Request, res: Response) {
  const { article, previous, next } = await loadArticle(req);
  await renderArticle(req, res, article, { previous, next });
}

/** GET /articles/*path: Typo 4's URLs, moved permanently to the same path without the prefix. */
export function legacyRedirect(req: Request, res: Response) {
  const rest = (req.params.path as unknown as string[]).map(encodeURIComponent).join('/');
  if (!/^\d{4}(\/|$)/.test(rest)) throw notFound();
  res.redirect(301, `/${rest}`);
}
