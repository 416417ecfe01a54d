import type { Request, Response } from 'express';
import { articleOverview } from '#app/models/article/overview.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import { appContext } from '#app/context.ts';
import { activitySeries } from '#app/monitor/activity/series.ts';
import { openAlerts } from '#app/monitor/alerts/open.ts';
import { activityGlance } from '#app/presenters/activity.ts';

/**
 * GET /admin: counts, latest drafts and comments (an author sees their own);
 * an administrator also sees the open alerts and the last 24 hours of activity at a glance.
 */
export async function show(req: Request, res: Response) {
  const user = signedInUser(req);
  const now = appContext(req).clock.now();
  const admin = user.role === 'admin';
  const [{ counts, latestDrafts, latestComments }, alerts, series] = await Promise.all([
    articleOverview(user, now),
    admin ? openAlerts() : [],
    admin ? activitySeries('day', now) : null,
  ]);
  await renderAdmin(
    req,
    res,
    'dashboard/show',
    { counts, drafts: latestDrafts, comments: latestComments, alerts, glance: series ? activityGlance(series) : null },
    { title: 'Dashboard', section: 'dashboard' },
  );
}
