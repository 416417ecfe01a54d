/**
 * The period's most read articles and top referring sites, from the counts
 * every host kept (app/monitor/activity/counts.ts). An article is counted by
 * its path; the list shows its current title and a link to edit it, or the
 * bare path when it no longer names an article (unpublished, slug changed).
 */
import { db } from '#app/models/db.ts';
import { periods, type Period } from '#app/monitor/activity/series.ts';
import type { CountKind } from '#app/monitor/activity/counts.ts';
import { bucketStart } from '#app/monitor/activity/record.ts';

export interface TopArticle {
  readonly path: string;
  readonly count: number;
  readonly title: string | null;
  readonly editPath: string | null;
}

export interface TopReferrer {
  readonly host: string;
  readonly count: number;
}

const listed = 10;

export async function topArticles(period: Period, now: Date): Promise<TopArticle[]> {
  const top = await topKeys('read', period, now);
  const wanted = top.map(({ key }) => permalinkParts(key)).filter((parts) => parts !== null);
  const articles = wanted.length
    ? await db.article.findMany({
        where: { state: 'published', OR: wanted },
        select: { id: true, title: true, publishedOn: true, slug: true },
      })
    : [];
  return top.map(({ key, count }) => {
    const parts = permalinkParts(key);
    const article = parts && articles.find((a) => a.publishedOn === parts.publishedOn && a.slug === parts.slug);
    return {
      path: key,
      count,
      title: article?.title ?? null,
      editPath: article ? `/admin/articles/${article.id}/edit` : null,
    };
  });
}

export async function topReferrers(period: Period, now: Date): Promise<TopReferrer[]> {
  return (await topKeys('referrer', period, now)).map(({ key, count }) => ({ host: key, count }));
}

async function topKeys(kind: CountKind, period: Period, now: Date): Promise<{ key: string; count: number }[]> {
  const { countTier, seconds } = periods[period];
  const groups = await db.activityCount.groupBy({
    by: ['key'],
    where: { tier: countTier, kind, bucket: { gte: bucketStart(now.getTime() - seconds * 1000, countTier) } },
    _sum: { count: true },
    orderBy: [{ _sum: { count: 'desc' } }, { key: 'asc' }],
    take: listed,
  });
  return groups.map((group) => ({ key: group.key, count: group._sum.count ?? 0 }));
}

/** The day and slug of an article's permalink (app/helpers/permalinks.ts articlePath), or null for any other path. */
export function permalinkParts(path: string): { publishedOn: string; slug: string } | null {
  const match = /^\/(\d{4})\/(\d{2})\/(\d{2})\/([^/?#]+)\/?(?:[?#].*)?$/.exec(path);
  if (!match) return null;
  const [, year, month, day, slug] = match as unknown as [string, string, string, string, string];
  try {
    return { publishedOn: `${year}-${month}-${day}`, slug: decodeURIComponent(slug) };
  } catch {
    return null;
  }
}
