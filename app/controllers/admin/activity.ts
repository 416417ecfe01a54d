import type { Request, Response } from 'express';
import { renderAdmin, renderAdminFragment, adminHelpersOf } from '#app/controllers/concerns/admin-page.ts';
import { appContext } from '#app/context.ts';
import { activitySeries, periodNames, periodOf, type Period } from '#app/monitor/activity/series.ts';
import { topArticles, topReferrers } from '#app/monitor/activity/top.ts';
import { openAlerts } from '#app/monitor/alerts/open.ts';
import { activityCharts, activityTotals } from '#app/presenters/activity.ts';

/** GET /admin/activity?period=hour|day|month: the site's traffic, speed and health, with the open alerts on top. */
export async function show(req: Request, res: Response) {
  const locals = await activityLocals(req);
  await renderAdmin(req, res, 'activity/show', locals, { title: 'Activity', section: 'activity' });
}

/** GET /admin/activity/live?period=…: the page's live part alone, which public/admin/activity.js swaps in. */
export async function live(req: Request, res: Response) {
  await renderAdminFragment(req, res, 'activity/live', await activityLocals(req));
}

async function activityLocals(req: Request) {
  const { clock, config } = appContext(req);
  const period = periodOf(req.query.period);
  const now = clock.now();
  const [series, articles, referrers, alerts, h] = await Promise.all([
    activitySeries(period, now),
    topArticles(period, now),
    topReferrers(period, now),
    openAlerts(),
    adminHelpersOf(),
  ]);
  return {
    period,
    periods: periodNames,
    alerts,
    hosts: series.hosts,
    totals: activityTotals(series.totals),
    charts: activityCharts(series, h.timeZone),
    articles,
    referrers,
    refreshSeconds: refreshSeconds(period, config.monitoring.sampleSeconds),
  };
}

/** The last hour moves with every sample; a day's or a month's points move slowly, and are asked for less often. */
function refreshSeconds(period: Period, sampleSeconds: number): number {
  return period === 'hour' ? Math.min(10, Math.max(2, sampleSeconds)) : period === 'day' ? 30 : 60;
}
