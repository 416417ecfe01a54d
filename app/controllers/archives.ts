import type { Request, Response } from 'express';
import { parseDateRange, archiveMonths, dayPrefix } from '#app/models/article/archive.ts';
import { archivePath } from '#app/helpers/permalinks.ts';
import { monthName } from '#app/helpers/dates.ts';
import { renderListing } from '#app/controllers/concerns/listing.ts';
import { renderPage } from '#app/themes/page.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { pageUses, listKey } from '#app/page-cache/index.ts';
import { appContext } from '#app/context.ts';

/** GET /:year, /:year/:month, /:year/:month/:day, each with /page/:n */
export async function byDate(req: Request, res: Response) {
  const { year, month, day } = req.params as { year: string; month?: string; day?: string };
  const range = parseDateRange(year, month, day);
  if (!range) throw notFound(`"${[year, month, day].filter(Boolean).join('/')}" is not a date.`);
  const heading = [range.day, range.month && monthName(range.month), range.year].filter(Boolean).join(' ');
  await renderListing(req, res, {
    filter: { kind: 'days', prefix: dayPrefix(range) },
    basePath: archivePath(range),
    heading: `Articles from ${heading}`,
    uses: [listKey.date(dayPrefix(range))],
  });
}

/** GET /archives */
export async function index(req: Request, res: Response) {
  pageUses(res).add(listKey.archives);
  await renderPage(
    req,
    res,
    'archives',
    { years: await archiveMonths(appContext(req).clock.now()) },
    { title: 'Archives' },
  );
}
