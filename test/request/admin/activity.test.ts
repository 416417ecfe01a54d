import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { activitySample, latencyIn } from '#test/support/activity-sample.ts';
import { expectSignInRedirect } from '#test/request/admin/guards.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { ManualClock } from '#app/clock.ts';
import { db } from '#app/models/db.ts';
import { recordSample } from '#app/monitor/activity/record.ts';

const now = new Date('2026-03-02T12:30:00Z');
const before = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('admin activity', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let author: SignedInAgent;

  beforeAll(async () => {
    t = await startTestApp({ clock: new ManualClock(now) });
    ({ admin, author } = await signInAdminAndAuthor(t.app));
    const article = await createArticle({ title: 'Read <me> & weep', publishedAt: before(86_400) });
    for (const [host, ago] of [
      ['web-a', 40],
      ['web-a', 30],
      ['web-b', 25],
      ['web-a', 3 * 3600],
    ] as const)
      await recordSample(
        activitySample(host, before(ago), {
          requests: 20,
          serverErrors: 1,
          latency: latencyIn(2, 20),
          cacheHits: 20,
          cacheMisses: 20,
          reads: { [articlePath(article)]: 3, '/2001/01/01/gone-away': 1 },
          referrers: { 'news.example': 2, '<script>.example': 1 },
        }),
      );
  });
  afterAll(() => t.close());

  it('is for administrators: anonymous visitors sign in, authors get 403 and no glance on their dashboard', async () => {
    for (const path of ['/admin/activity', '/admin/activity/live?period=day']) {
      await expectSignInRedirect(t.app, path);
      await author.get(path, 403);
    }
    const dashboard = await author.get('/admin');
    expect(dashboard.text).not.toContain('href="/admin/activity"');
    expect(dashboard.text).not.toContain('class="sparkline"');
  });

  it('shows the last hour: figures, one accessible SVG chart per measure, top articles and referring sites, escaped', async () => {
    const res = await admin.get('/admin/activity');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('href="/admin/activity" class="current">Activity</a>');
    expect(res.text).toContain('aria-current="page" class="current">Last hour</a>');
    for (const measure of ['requests', 'latency', 'errors', 'cache', 'memory', 'restarts']) {
      expect(res.text).toContain(`data-chart="chart-${measure}"`);
      expect(res.text).toContain(`aria-labelledby="chart-${measure}-title chart-${measure}-desc"`);
    }
    expect(res.text).toMatch(/<svg class="chart" viewBox="0 0 \d+ \d+"/);
    // Three samples of 20 requests each in the last hour (the one three hours ago is not in it).
    expect(res.text).toMatch(/<dt>Requests<\/dt><dd>120<\/dd>/);
    expect(res.text).toMatch(/<dt>Error rate<\/dt><dd>5 %<\/dd>/);
    expect(res.text).toMatch(/<dt>Cache hit ratio<\/dt><dd>50 %<\/dd>/);
    expect(res.text).toContain('Across 2 servers: web-a, web-b.');
    expect(res.text).toMatch(/<a href="\/admin\/articles\/\d+\/edit">Read &lt;me&gt; &amp; weep<\/a>/);
    expect(res.text).toMatch(/<td><code>\/2001\/01\/01\/gone-away<\/code><\/td>\s*<td class="number">3<\/td>/);
    expect(res.text).toContain('<td>&lt;script&gt;.example</td>');
    expect(res.text).not.toContain('<script>.example');
    expect(res.text).toContain('<script type="module" src="/admin/activity.js"></script>');
    expect(res.text).toContain('data-activity-live="/admin/activity/live?period=hour"');
  });

  it('switches to the day and the month, and counts what the hour left out', async () => {
    const day = await admin.get('/admin/activity?period=day');
    expect(day.text).toContain('aria-current="page" class="current">Last 24 hours</a>');
    expect(day.text).toMatch(/<dt>Requests<\/dt><dd>160<\/dd>/);
    expect(day.text).toContain('data-activity-live="/admin/activity/live?period=day"');
    const month = await admin.get('/admin/activity?period=month');
    expect(month.text).toContain('aria-current="page" class="current">Last 30 days</a>');
    expect(month.text).toMatch(/<dt>Requests<\/dt><dd>160<\/dd>/);
    const unknown = await admin.get('/admin/activity?period=year');
    expect(unknown.text).toContain('aria-current="page" class="current">Last hour</a>');
  });

  it('serves the live part alone, without the layout, for the page script to swap in', async () => {
    const res = await admin.get('/admin/activity/live?period=day');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('data-chart="chart-requests"');
    expect(res.text).not.toContain('<html');
    expect(res.text).not.toContain('period-switch');
  });

  it('puts open alerts on top of Activity and of the dashboard, with the last 24 hours at a glance', async () => {
    await db.alert.create({
      data: { kind: 'error-rate', message: 'Error rate 5 % > 1 % <over 5 min>', startedAt: before(60) },
    });
    await db.alert.create({
      data: { kind: 'p99', message: 'Old news', state: 'resolved', startedAt: before(600), resolvedAt: before(300) },
    });
    const activity = await admin.get('/admin/activity');
    expect(activity.text).toContain('<section class="open-alerts" role="alert"');
    expect(activity.text).toContain('Error rate 5 % &gt; 1 % &lt;over 5 min&gt;');
    expect(activity.text).not.toContain('Old news');
    expect(activity.text.indexOf('open-alerts')).toBeLessThan(activity.text.indexOf('data-chart='));
    const dashboard = await admin.get('/admin');
    expect(dashboard.text).toContain('Error rate 5 % &gt; 1 % &lt;over 5 min&gt;');
    expect(dashboard.text.indexOf('open-alerts')).toBeLessThan(dashboard.text.indexOf('class="counts"'));
    const glance = [
      ...dashboard.text.matchAll(
        /data-measure="(\w+)"><span class="label">([^<]+)<\/span><strong>([^<]+)<\/strong><svg class="sparkline"/g,
      ),
    ];
    expect(glance.map(([, key, label]) => [key, label])).toEqual([
      ['requests', 'Requests per second'],
      ['latency', 'Latency p95'],
      ['errors', 'Error rate (5xx)'],
      ['cache', 'Cache hit ratio'],
      ['memory', 'Worker memory'],
      ['restarts', 'Worker restarts'],
    ]);
    expect(glance.find(([, key]) => key === 'errors')?.[3]).toBe('5 %');
    expect(dashboard.text).toContain('href="/admin/activity?period=day#activity-requests"');
  });
});
