import type { Request, Response } from 'express';
import { findVisibleByPermalink } from '#app/models/article/reading.ts';
import { parseDateRange, dayPrefix } from '#app/models/article/archive.ts';
import { notFound } from '#app/middleware/errors.ts';
import { appContext } from '#app/context.ts';
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

/** The visible article named by the permalink params, with its neighbours, or a 404. */
export async function loadArticle(req: Request) {
  const { year, month, day, slug } = req.params as Record<string, string>;
  const range = parseDateRange(year!, month, day);
  const found = range?.day ? await findVisibleByPermalink(dayPrefix(range), slug!, appContext(req).clock.now()) : null;
  if (!found) throw notFound('There is no article at this address.');
  return found;
}
