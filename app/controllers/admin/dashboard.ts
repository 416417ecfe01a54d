import type { Request, Response } from 'express';
import { articleOverview } from '#app/models/article/overview.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import { appContext } from '#app/context.ts';

/** GET /admin: counts, latest drafts and comments (an author sees their own). */
export async function show(req: Request, res: Response) {
  const { counts, latestDrafts, latestComments } = await articleOverview(
    signedInUser(req),
    appContext(req).clock.now(),
  );
  await renderAdmin(
    req,
    res,
    'dashboard/show',
    { counts, drafts: latestDrafts, comments: latestComments },
    { title: 'Dashboard', section: 'dashboard' },
  );
}
