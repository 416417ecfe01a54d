/**
 * PostgreSQL stops under a running app (a restart, a failover) and comes
 * back: readers get the cached pages and a themed 503 with Retry-After for
 * the rest, a comment being written keeps its text, the admin answers 503
 * rather than 500, and once the server is back the same app serves again
 * without a restart. What was acknowledged before is still there.
 *
 * On a cluster of its own (it is stopped and started), so only in the
 * PostgreSQL project.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import type { RequestListener } from 'node:http';
import { startTestApp, testDatabaseKind, type TestApp } from '#test/support/app.ts';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '#test/support/postgres.ts';
import { capturedLog } from '#test/support/log.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { createAccountFor, csrfFrom, signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { applyMigrations } from '#app/models/migrator.ts';
import { db, type Article } from '#app/models/db.ts';
import { pageCacheOf, type PageCache } from '#app/page-cache/index.ts';
import { cacheFirst } from '#app/server/http.ts';
import { databaseRetryAfterSeconds } from '#app/database/errors.ts';
import { retryAfterFailureMs } from '#app/page-cache/schedule.ts';
import { ManualClock } from '#app/clock.ts';

const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1];

describe.runIf(testDatabaseKind() === 'postgresql')('PostgreSQL down and back, under a running app', () => {
  let cluster: PostgresCluster;
  let t: TestApp;
  let cache: PageCache;
  /** The app as Folio's own HTTP server serves it: cached pages first (the page cache's fast path), then Express. */
  let served: RequestListener;
  let admin: SignedInAgent;
  let article: Article;
  const log = capturedLog();
  /** The app's time: moved on by hand, so the page cache's schedule fires when the test says. */
  const clock = new ManualClock(new Date());
  const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
  const articleUrl = () => `/${article.publishedOn!.replaceAll('-', '/')}/${article.slug}`;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await createDatabase(cluster, 'folio_outage');
    await applyMigrations(url);
    t = await startTestApp({ databaseUrl: url, logger: log.logger, clock });
    cache = pageCacheOf(t.app)!;
    served = cacheFirst(t.app);
    const author = await createAccountFor('root', 'admin');
    article = await createArticle({ author, title: 'Written before the outage', publishedAt: new Date('2024-03-01') });
    admin = await signedInAgent(t.app, 'root');
    for (const page of ['/', articleUrl()]) await request(served).get(page).expect(200);
    await cache.idle();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await cluster?.stop();
  });

  const comment = (fields: Record<string, string>, step: 'comments' | 'comments/preview' = 'comments') =>
    request(served)
      .post(`${articleUrl()}/${step}`)
      .type('form')
      .send({ authorName: 'Patient reader', ...fields });

  it('serves cached pages and 503s the rest while it is down, then serves again by itself; nothing acknowledged is lost', async () => {
    // Acknowledged before the outage: an admin's draft (303) and a comment (303).
    await admin
      .post('/admin/articles', { title: 'Acknowledged draft', body: 'Saved.', textFilter: 'markdown', intent: 'draft' })
      .expect(303);
    const first = await comment({ body: 'Acknowledged comment' }, 'comments/preview').expect(200);
    await comment({ body: 'Acknowledged comment', token: tokenIn(first.text)! }).expect(303);
    const preview = await comment({ body: 'Words written while the blog went down' }, 'comments/preview').expect(200);
    const token = tokenIn(preview.text)!;
    // Comes due while the database is down: the schedule's timer is armed for it.
    await createArticle({ title: 'Due during the outage', publishedAt: new Date(clock.now().getTime() + 60_000) });
    await cache.idle();
    await cache.schedule.rearm();
    const cachedHome = await request(served).get('/').expect(200);
    expect(cachedHome.text).not.toContain('Due during the outage');
    const signingIn = { agent: request.agent(t.app), csrf: '' };
    signingIn.csrf = csrfFrom((await signingIn.agent.get('/admin/sign-in').expect(200)).text);

    // A fast shutdown, as `pg_ctl restart` and a failover do: committed transactions are flushed.
    await cluster.halt();

    const home = await request(served).get('/').expect(200);
    expect(home.text).toBe(cachedHome.text);
    await request(served).get(articleUrl()).expect(200);

    const uncached = await request(served).get('/archives').expect(503);
    expect(uncached.headers['retry-after']).toBe(String(databaseRetryAfterSeconds));
    expect(uncached.text).toContain('cannot reach its database');
    expect(uncached.text).toContain('/themes/default/assets/'); // the theme's layout, from the settings last read

    const posted = await comment({ body: 'Words written while the blog went down', token }).expect(503);
    expect(posted.headers['retry-after']).toBe(String(databaseRetryAfterSeconds));
    expect(posted.text).toContain('Words written while the blog went down');
    expect(tokenIn(posted.text)).toBe(token);
    const previewed = await comment({ body: 'A second thought' }, 'comments/preview').expect(503);
    expect(previewed.text).toContain('A second thought');

    const adminPage = await admin.agent.get('/admin/articles').expect(503);
    expect(adminPage.headers['retry-after']).toBe(String(databaseRetryAfterSeconds));
    await signingIn.agent
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: signingIn.csrf, login: 'root', password: 'wrong' })
      .expect(503);

    // The page cache's timer fires and finds the database gone: a warning, and it tries again soon.
    const failedChecks = () => log.lines.filter((line) => line.msg === 'page cache: scheduled check failed').length;
    later(61_000);
    await waitFor(() => failedChecks() === 1, { message: 'the scheduled check to fail' });
    await request(served).get('/').expect(200);
    expect(log.errors()).toEqual([]);

    await cluster.start();
    const back = performance.now();
    await waitFor(async () => (await request(served).get('/archives')).status === 200, {
      timeout: 15_000,
      message: 'the app to serve an uncached page again',
    });
    const servingAgainMs = performance.now() - back;
    console.log(`serving again ${Math.round(servingAgainMs)} ms after PostgreSQL accepted connections`);

    // The same token posts the comment: it was not spent while the database was down.
    await comment({ body: 'Words written while the blog went down', token }).expect(303);
    await admin.get('/admin/articles');
    // The retry after the failed check: the article that came due meanwhile is on the home page.
    later(retryAfterFailureMs);
    await waitFor(async () => (await request(served).get('/').expect(200)).text.includes('Due during the outage'), {
      message: 'the article that came due during the outage to appear',
    });
    expect(failedChecks()).toBe(1);
    expect(log.errors()).toEqual([]);

    const titles = (await db.article.findMany({ select: { title: true } })).map((a) => a.title);
    expect(titles).toContain('Acknowledged draft');
    const bodies = (await db.comment.findMany({ select: { bodySource: true } })).map((c) => c.bodySource);
    expect(bodies).toEqual(expect.arrayContaining(['Acknowledged comment', 'Words written while the blog went down']));
  });
});
