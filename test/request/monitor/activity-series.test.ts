import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { activitySample, latencyIn } from '#test/support/activity-sample.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { db } from '#app/models/db.ts';
import { recordSample } from '#app/monitor/activity/record.ts';
import { activitySeries } from '#app/monitor/activity/series.ts';
import { topArticles, topReferrers } from '#app/monitor/activity/top.ts';
import { keysKept } from '#app/monitor/activity/counts.ts';
import { TIERS } from '#app/monitor/sample.ts';

const megabyte = 1024 * 1024;
// A whole 2-hour bucket starts here, so every tier's bucket does too.
const start = new Date('2026-03-02T12:00:00Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe('the activity series, on the database', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('merges two hosts into one point per bucket: sums, merged latency percentiles, rates, ratios and memory', async () => {
    await recordSample(
      activitySample('web-a', at(5), {
        requests: 60,
        serverErrors: 3,
        clientErrors: 4,
        latency: latencyIn(1, 60),
        cacheHits: 30,
        cacheMisses: 10,
        rssBytes: 100 * megabyte,
        reads: { '/a': 2 },
      }),
    );
    await recordSample(
      activitySample('web-a', at(9), {
        requests: 30,
        latency: latencyIn(1, 30),
        rssBytes: 140 * megabyte,
        restarts: 1,
      }),
    );
    await recordSample(
      activitySample('web-b', at(7), {
        requests: 10,
        serverErrors: 2,
        latency: latencyIn(5, 10),
        cacheHits: 10,
        cacheMisses: 0,
        rssBytes: 200 * megabyte,
        workers: 3,
        crashLoop: true,
      }),
    );
    const series = await activitySeries('hour', at(20));
    expect(series.points).toHaveLength(360);
    expect(series.hosts).toEqual(['web-a', 'web-b']);
    const point = series.points.find((p) => p.start.getTime() === start.getTime())!;
    expect(point.requests).toBe(100);
    expect(point.requestsPerSecond).toBe((100 + 40) / 10);
    expect(point.workerRequestsPerSecond).toBe(10);
    // 90 of 100 between 5 and 10 ms (web-a), 10 between 100 and 250 ms (web-b): interpolated within each bucket.
    expect(point.p50).toBeCloseTo(5 + (5 * 50) / 90, 6);
    expect(point.p95).toBeCloseTo(175, 6);
    expect(point.p99).toBeCloseTo(235, 6);
    expect(point.errorRate).toBeCloseTo(0.05, 9);
    expect(point.cacheHitRatio).toBeCloseTo(40 / 50, 9);
    expect(point.memoryMean).toBe(120 * megabyte + 200 * megabyte);
    expect(point.memoryMax).toBe(140 * megabyte + 200 * megabyte);
    expect(point.restarts).toBe(1);
    expect(point.workers).toBe(5);
    expect(point.crashLoop).toBe(true);
    // The buckets no host wrote are gaps, not zeros.
    const gaps = series.points.filter((p) => p !== point);
    expect(gaps.every((p) => p.requestsPerSecond === null && p.p95 === null && p.restarts === null)).toBe(true);
    expect(series.totals.requests).toBe(100);
    expect(series.totals.p95).toBeCloseTo(175, 6);
    expect(series.totals.requestsPerSecond).toBe(14);
  });

  it('keeps one row per host and bucket in every tier, with the latest gauges', async () => {
    const rows = await db.activityPoint.findMany({ where: { host: 'web-a' }, orderBy: { tier: 'asc' } });
    expect(rows.map((row) => [row.tier, row.bucket.toISOString(), row.samples])).toEqual([
      ['day', start.toISOString(), 2],
      ['hour', start.toISOString(), 2],
      ['month', start.toISOString(), 2],
    ]);
    expect(JSON.parse(rows[0]!.latency)).toEqual(latencyIn(1, 90));
    // Ten seconds later: a new hour-tier bucket, the same day and month buckets.
    await recordSample(activitySample('web-a', at(12), { requests: 5, latency: latencyIn(0, 5), workers: 4 }));
    const hour = await activitySeries('hour', at(15));
    expect(hour.points.at(-1)!.start).toEqual(at(10));
    // The current bucket is half full: its rate is over the 5 seconds it has covered.
    expect(hour.points.at(-1)!.requestsPerSecond).toBe(1);
    const day = await activitySeries('day', at(15));
    expect(day.points).toHaveLength(288);
    expect(day.points.at(-1)!.requests).toBe(105);
    expect(day.points.at(-1)!.workers).toBe(7);
    const month = await activitySeries('month', at(15));
    expect(month.points).toHaveLength(360);
    expect(month.bucketSeconds).toBe(TIERS.month.bucketSeconds);
    expect(month.points.at(-1)!.requests).toBe(105);
  });

  it('lists the most read articles by title, a path that names none as itself, and the top referring sites', async () => {
    const popular = await createArticle({ title: 'Popular piece', publishedAt: at(-86_400) });
    const quiet = await createArticle({ title: 'Quiet piece', publishedAt: at(-86_400) });
    const gone = await createArticle({ title: 'Gone', publishedAt: at(-86_400), state: 'draft' });
    const reads = {
      [articlePath(popular)]: 9,
      [articlePath(quiet)]: 2,
      '/2020/01/01/never-was': 4,
      [`/2026/03/01/${gone.slug}`]: 1,
    };
    await recordSample(
      activitySample('web-a', at(30), { reads, referrers: { 'news.example': 5, 'social.example': 7 } }),
    );
    await recordSample(
      activitySample('web-b', at(31), { reads: { [articlePath(quiet)]: 6 }, referrers: { 'news.example': 4 } }),
    );
    const articles = await topArticles('hour', at(40));
    expect(articles.map((a) => [a.title ?? a.path, a.count])).toEqual([
      ['Popular piece', 9],
      ['Quiet piece', 8],
      ['/2020/01/01/never-was', 4],
      ['/a', 2],
      [`/2026/03/01/${gone.slug}`, 1],
    ]);
    expect(articles[0]!.editPath).toBe(`/admin/articles/${popular.id}/edit`);
    expect(articles[2]!.editPath).toBeNull();
    expect(await topReferrers('day', at(40))).toEqual([
      { host: 'news.example', count: 9 },
      { host: 'social.example', count: 7 },
    ]);
    // A month later the hour's and the day's lists are empty, the month's still has them.
    expect(await topReferrers('hour', at(40 + 2 * 86_400))).toEqual([]);
    expect((await topReferrers('month', at(40 + 2 * 86_400)))[0]).toEqual({ host: 'news.example', count: 9 });
  });

  it('keeps only the largest keys of a bucket, so the counts stay bounded however many paths there are', async () => {
    const bucketAt = at(3 * 3600);
    const many = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`/many/${i}`, 1]));
    await recordSample(activitySample('web-c', bucketAt, { reads: many }));
    await recordSample(activitySample('web-c', at(3 * 3600 + 10), { reads: { '/many/119': 5, '/late/riser': 3 } }));
    const rows = await db.activityCount.findMany({ where: { host: 'web-c', kind: 'read', tier: 'day' } });
    expect(rows).toHaveLength(keysKept);
    expect(rows.find((row) => row.key === '/many/119')?.count).toBe(6);
    expect(rows.find((row) => row.key === '/late/riser')?.count).toBe(3);
    expect(await db.activityCount.count({ where: { host: 'web-c', tier: 'hour' } })).toBe(0);
  });

  it('prunes each tier past its span, at most once a minute', async () => {
    const countsOf = async (tier: string) => [
      await db.activityPoint.count({ where: { tier } }),
      await db.activityCount.count({ where: { tier } }),
    ];
    const before = { hour: await countsOf('hour'), day: await countsOf('day'), month: await countsOf('month') };
    expect(before.hour[0]).toBeGreaterThan(0);
    // Three days on: the hour's and the day's old buckets go, the month's stay.
    await recordSample(activitySample('web-a', at(3 * 86_400)));
    expect(await countsOf('hour')).toEqual([1, 0]);
    expect(await countsOf('day')).toEqual([1, 0]);
    expect((await countsOf('month'))[0]).toBe(before.month[0]! + 1);
    // Within the minute nothing is pruned (a row past its span, written by hand, stays); after it, it goes.
    const stale = { tier: 'hour', bucket: at(3 * 86_400 - 3 * 3600), host: 'web-z' };
    await db.activityPoint.create({ data: stale });
    await recordSample(activitySample('web-a', at(3 * 86_400 + 30)));
    expect(await db.activityPoint.count({ where: stale })).toBe(1);
    await recordSample(activitySample('web-a', at(3 * 86_400 + 61)));
    expect(await db.activityPoint.count({ where: stale })).toBe(0);
    // Past the month tier's 62 days, every old bucket goes.
    await recordSample(activitySample('web-a', at(66 * 86_400)));
    expect(await countsOf('hour')).toEqual([1, 0]);
    expect(await countsOf('month')).toEqual([1, 0]);
  });
});
