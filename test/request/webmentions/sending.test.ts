import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import request from 'supertest';
import { ManualClock } from '#app/clock.ts';
import { db } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { deliverDueNotifications } from '#app/notifications/outbox.ts';
import { retryDelayMs } from '#app/notifications/backoff.ts';
import { deleteArticle, saveArticle, writeArticle } from '#app/models/article.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { queueSyndication } from '#app/models/article/syndication.ts';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { startWebmentionSite, type WebmentionSite } from '#test/support/webmention-site.ts';
import { changeSettings, createArticle, createUser } from '#test/fixtures/factories.ts';

// Sending webmentions through the outbox to a real HTTP site on loopback:
// every way the W3C Recommendation lets a page advertise its endpoint, a
// page without one, a failing endpoint retried alone, a removed link sent
// once more, a deleted article's last word, and what must send nothing.

let t: TestApp;
let site: WebmentionSite;
let clock: ManualClock;
let context: MonitorContext;

beforeAll(async () => {
  site = await startWebmentionSite();
  t = await startTestApp({ env: { FOLIO_OUTBOUND_ALLOW_PRIVATE: 'on' } });
  // A row is due from when it is queued (the wall clock); the test's clock runs a little ahead and then as told.
  clock = new ManualClock(new Date(Date.now() + 1_000));
  context = { config: t.config, logger: pino({ level: 'silent' }), clock };
});
afterAll(async () => {
  await site.stop();
  await t.close();
});
beforeEach(async () => {
  await db.notification.deleteMany();
  clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 1_000));
});

const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
/** Delivers what is due, the clock first catching up with the wall clock (rows are queued by it; saves take time on a busy machine). */
const deliver = () => {
  clock.set(new Date(Math.max(Date.now(), clock.now().getTime())));
  return deliverDueNotifications(context);
};
const url = (path: string) => `${site.origin}${path}`;
const permalink = (article: { publishedOn: string | null; slug: string }) => testBaseUrl + articlePath(article);
const linking = (...paths: string[]) => paths.map((p, i) => `[link ${i}](${url(p)})`).join(' and ');
const rowsOf = (articleId: number) => db.sentWebmention.findMany({ where: { articleId }, orderBy: { target: 'asc' } });

describe('sending webmentions', () => {
  it('finds the endpoint in each way the spec allows and POSTs source and target to it', async () => {
    site.page('/by-header', {
      headers: { link: '<http://unrelated.test/x>; rel="other", </ep/header?key=1>; rel="webmention"' },
    });
    site.page('/by-link', {
      html: '<!-- <link rel="webmention" href="/ep/commented"> --><link rel="webmention" href="/ep/link">',
    });
    site.page('/by-a', {
      html: '<p>&lt;link rel="webmention" href="/ep/escaped"&gt; <a rel="nofollow webmention" href="/ep/a">x</a></p>',
    });
    site.page('/no-href', { html: '<link rel="webmention"><a rel="webmention" href="/ep/after-no-href">x</a>' });
    site.page('/redirect', { status: 302, headers: { location: '/moved/page' } });
    site.page('/moved/page', { html: '<link rel="webmention" href="endpoint">' });
    site.page('/itself', { html: '<link rel="webmention" href="">' });
    site.page('/none', { html: '<p>No endpoint here.</p>' });
    for (const endpoint of ['/ep/header', '/ep/link', '/ep/a', '/ep/after-no-href', '/moved/endpoint'])
      site.page(endpoint, { status: 202 });

    const article = await createArticle({
      bodySource: `${linking('/by-header', '/by-link', '/by-a', '/no-href', '/redirect', '/itself', '/none')}, and [home](${testBaseUrl}/about) and [again](${url('/by-a#section')}).`,
    });
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });

    const source = permalink(article);
    expect(site.posts('/ep/header')).toEqual([{ source, target: url('/by-header') }]);
    expect(site.requests.find((r) => r.method === 'POST' && r.url.startsWith('/ep/header'))?.url).toBe(
      '/ep/header?key=1',
    );
    expect(site.posts('/ep/link')).toEqual([{ source, target: url('/by-link') }]);
    expect(site.posts('/ep/a')).toEqual([{ source, target: url('/by-a') }]);
    expect(site.posts('/ep/after-no-href')).toEqual([{ source, target: url('/no-href') }]);
    expect(site.posts('/moved/endpoint')).toEqual([{ source, target: url('/redirect') }]);
    expect(site.posts('/itself')).toEqual([{ source, target: url('/itself') }]);
    expect(site.posts('/ep/commented')).toEqual([]);
    expect(site.posts('/ep/escaped')).toEqual([]);
    const rows = await rowsOf(article.id);
    expect(rows.map((r) => [r.target, r.status, r.endpoint])).toEqual(
      [
        [url('/by-a'), 'sent', url('/ep/a')],
        [url('/by-header'), 'sent', url('/ep/header?key=1')],
        [url('/by-link'), 'sent', url('/ep/link')],
        [url('/itself'), 'sent', url('/itself')],
        [url('/no-href'), 'sent', url('/ep/after-no-href')],
        [url('/none'), 'no-endpoint', ''],
        [url('/redirect'), 'sent', url('/moved/endpoint')],
      ].sort(([a], [b]) => a!.localeCompare(b!)),
    );
    expect(rows.every((r) => r.sentAt && r.linked)).toBe(true);
  });

  it('retries a failing endpoint alone, and tells a page the article stopped linking to once more', async () => {
    site.page('/good', { html: '<link rel="webmention" href="/ep/good">' });
    site.page('/flaky', { html: '<link rel="webmention" href="/ep/flaky">' });
    site.page('/ep/good', { status: 201 });
    site.page('/ep/flaky', { status: 202 });
    site.failNext('/ep/flaky', 1, 503);
    const author = await createUser();
    const article = await createArticle({ author, bodySource: linking('/good', '/flaky') });

    expect(await deliver()).toEqual({ delivered: 0, failed: 1 });
    const row = await db.notification.findFirstOrThrow({ where: { channel: 'webmention' } });
    expect(row.lastError).toMatch(/1 of 2 webmentions to retry .*the endpoint answered 503/);
    expect((await rowsOf(article.id)).map((r) => r.status)).toEqual(['failed', 'sent']);
    later(retryDelayMs(1, () => 0) + 1_000);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    // The 503 and the retry; /good was not sent twice for one revision.
    expect(site.posts('/ep/good')).toHaveLength(1);
    expect(site.posts('/ep/flaky')).toHaveLength(2);

    // The edit drops /flaky: it hears once more (its page now lacks the link), then is forgotten.
    await saveArticle(
      { title: article.title, bodySource: linking('/good'), state: 'published', publishedAt: article.publishedAt },
      author.id,
      article.id,
    );
    later(1_000);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    expect(site.posts('/ep/flaky')).toHaveLength(3);
    expect(site.posts('/ep/good')).toHaveLength(2);
    expect((await rowsOf(article.id)).map((r) => r.target)).toEqual([url('/good')]);
  });

  it('queues one row per article while it waits, none for a draft or a save through the importer', async () => {
    site.page('/once', { html: '<link rel="webmention" href="/ep/once">' });
    site.page('/ep/once', { status: 202 });
    const author = await createUser();
    const article = await createArticle({ author, bodySource: linking('/once') });
    await saveArticle(
      { title: 'Edited', bodySource: linking('/once'), state: 'published', publishedAt: article.publishedAt },
      author.id,
      article.id,
    );
    await createArticle({ author, bodySource: linking('/once'), state: 'draft' });
    await createArticle({ author, bodySource: 'Links nowhere.' });
    await db.$transaction((tx) =>
      writeArticle(
        tx,
        { title: 'Imported', bodySource: linking('/once'), state: 'published', publishedAt: new Date() },
        author.id,
        {
          now: new Date(),
          timeZone: 'UTC',
        },
      ),
    );
    const rows = await db.notification.findMany({ where: { channel: 'webmention' } });
    expect(rows.map((r) => [r.body, r.recipient])).toEqual([[String(article.id), articlePath(article)]]);
  });

  it('holds a scheduled article’s row until its time, and sends nothing when webmentions are off', async () => {
    const publishedAt = new Date(Date.now() + 3_600_000);
    const scheduled = await createArticle({ bodySource: linking('/once'), publishedAt });
    const row = await db.notification.findFirstOrThrow({
      where: { channel: 'webmention', body: String(scheduled.id) },
    });
    expect(Math.abs(row.nextAttemptAt.getTime() - publishedAt.getTime())).toBeLessThan(1_000);

    await changeSettings({ webmentions: false });
    try {
      await createArticle({ bodySource: linking('/once') });
      expect(await db.notification.count({ where: { channel: 'webmention' } })).toBe(1);
    } finally {
      await changeSettings({ webmentions: true });
    }
  });

  it('tells the pages again when the article leaves the trash or the blog, and again when it is back', async () => {
    site.page('/trashed-target', { html: '<link rel="webmention" href="/ep/trashed">' });
    site.page('/ep/trashed', { status: 202 });
    const article = await createArticle({ bodySource: linking('/trashed-target') });
    await deliver();
    // What the trash (app/models/article/trash.ts) does with the hook: the state change and the row in one transaction.
    const move = (state: string, wasPublished: boolean) =>
      db.$transaction(async (tx) => {
        const moved = await tx.article.update({ where: { id: article.id }, data: { state } });
        await queueSyndication(tx, moved, wasPublished, new Date());
      });
    await move('deleted', true);
    later(1_000);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    expect(site.posts('/ep/trashed')).toHaveLength(2);
    expect(await rowsOf(article.id)).toEqual([]);

    await move('published', false);
    later(1_000);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    expect(site.posts('/ep/trashed')).toHaveLength(3);
    expect((await rowsOf(article.id)).map((r) => [r.status, r.linked])).toEqual([['sent', true]]);
  });

  it('tells every page that got a mention when the article is deleted', async () => {
    site.page('/deleted-target', { html: '<link rel="webmention" href="/ep/deleted">' });
    site.page('/ep/deleted', { status: 202 });
    const article = await createArticle({ bodySource: linking('/deleted-target', '/none') });
    await deliver();
    expect(site.posts('/ep/deleted')).toHaveLength(1);

    await deleteArticle(article.id);
    const rows = await db.notification.findMany({ where: { channel: 'webmention', deliveredAt: null } });
    expect(rows.map((r) => r.recipient)).toEqual([url('/deleted-target')]);
    later(1_000);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    expect(site.posts('/ep/deleted')).toEqual([
      { source: permalink(article), target: url('/deleted-target') },
      { source: permalink(article), target: url('/deleted-target') },
    ]);
    // What the page's site then finds at the source, and why it drops the mention.
    await request(t.app).get(articlePath(article)).expect(404);
  });
});
