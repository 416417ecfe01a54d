/** The article a public permalink names, for its page, its comments and its comment feed. */
import type { Request } from 'express';
import { findVisibleByPermalink } from '#app/models/article/reading.ts';
import { parseDateRange, dayPrefix } from '#app/models/article/archive.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { appContext } from '#app/context.ts';

/** The visible article named by the permalink params, with its neighbours, or a 404. */
export async function loadArticle(req: Request) {
  const { year, month, day, slug } = req.params as Record<string, string>;
  const range = parseDateRange(year!, month, day);
  const found = range?.day ? await findVisibleByPermalink(dayPrefix(range), slug!, appContext(req).clock.now()) : null;
  if (!found) throw notFound('There is no article at this address.');
  return found;
}
