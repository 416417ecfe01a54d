import type { Request, Response } from 'express';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { pageCacheOf } from '#app/page-cache/index.ts';
import { pluralize } from '#app/helpers/counts.ts';

/** GET /admin/cache: how many pages are cached and their size. */
export async function show(req: Request, res: Response) {
  const cache = pageCacheOf(req.app);
  await renderAdmin(
    req,
    res,
    'cache/show',
    { stats: cache?.stats() ?? { pages: 0, bytes: 0 }, root: cache?.root ?? null },
    { title: 'Page cache', section: 'cache' },
  );
}

/** POST /admin/cache/clearing: expires every cached page; each is built again on its next visit. */
export function clear(req: Request, res: Response) {
  const cleared = pageCacheOf(req.app)?.clear() ?? 0;
  flash(req, 'notice', `The page cache is empty: ${pluralize(cleared, 'page')} removed.`);
  res.redirect(303, '/admin/cache');
}
