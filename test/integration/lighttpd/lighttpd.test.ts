import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startLighttpd, type Lighttpd } from '#test/support/lighttpd.ts';
import { Browser, steadyLoad } from '#test/support/web-server.ts';
import { csrfFrom, testPassword } from '#test/support/admin.ts';
import { useRunningBlog, postComment, adminLogin } from '#test/integration/apache/blog-fixture.ts';
import { rawRequest } from '#test/support/web-server.ts';
import { postComment as postCommentAs } from '#test/integration/apache/front-end.ts';
import { rateLimit } from '#app/models/comment/spam.ts';
import { waitFor } from '#test/support/wait-for.ts';

// The same smoke path as through Apache, through lighttpd's fastcgi module.
describe('Folio behind lighttpd', () => {
  const blog = useRunningBlog();
  let lighttpd: Lighttpd;
  const cacheFile = (file: string) => path.join(blog.pool.dataDir, 'cache', file);

  beforeAll(async () => {
    lighttpd = await startLighttpd({
      dataDir: blog.pool.dataDir,
      workerArgs: blog.workerArgs,
      appRoot: blog.app.appRoot,
    });
  });
  afterAll(async () => {
    await lighttpd?.stop();
  });

  it('serves pages, feeds, comment POSTs and the admin sign-in through the workers', async () => {
    const reader = new Browser(lighttpd.url);
    expect((await reader.get('/')).text).toContain('Quiet one');
    expect((await reader.get('/articles.atom')).headers.get('content-type')).toBe(
      'application/atom+xml; charset=utf-8',
    );
    const article = await reader.get('/2024/02/10/rails-one');
    const posted = await postComment(reader, article.text, { authorName: 'Reader', body: 'Through lighttpd.' });
    expect(posted.status, posted.text).toBe(303);
    expect((await reader.get('/2024/02/10/rails-one')).text).toContain('Through lighttpd.');

    const admin = new Browser(lighttpd.url);
    const signIn = await admin.get('/admin/sign-in');
    expect(
      (await admin.post('/admin/sign-in', { _csrf: csrfFrom(signIn.text), login: adminLogin, password: testPassword }))
        .status,
    ).toBe(303);
    expect((await admin.get('/admin')).text).toContain('Dashboard');
  });

  it('balances the workers round robin', async () => {
    const before = blog.pool.state()!.workers.map((w) => w.requestsServed ?? 0);
    const result = await steadyLoad(lighttpd.url, ['/?r=1', '/tag/ruby?r=2'], { total: 60, concurrency: 1 });
    expect(result.failed).toEqual([]);
    const served = await blog.pool.waitForState((state) => {
      const counts = state.workers.map((w, i) => (w.requestsServed ?? 0) - (before[i] ?? 0));
      return counts.reduce((a, b) => a + b, 0) >= 60 ? counts : undefined;
    });
    for (const count of served) expect(count).toBeGreaterThanOrEqual(25);
  });

  it('serves cached pages itself, with their types and headers, and never the index or dotfiles', async () => {
    for (const [urlPath, file] of [
      ['/', 'index.html'],
      ['/articles.rss', 'articles.rss'],
      ['/tag/rails', 'tag/rails.html'],
    ] as const) {
      expect((await fetch(lighttpd.url + urlPath)).status).toBe(200);
      // The worker writes it after answering: slow on a busy machine.
      await waitFor(() => existsSync(cacheFile(file)), { timeout: 60_000, message: `${urlPath} → ${file}` });
      expect(existsSync(cacheFile(file)), file).toBe(true);
    }
    const rss = await fetch(lighttpd.url + '/articles.rss');
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    // lighttpd's own ETag (a number): the file answered, not a worker.
    expect(rss.headers.get('etag')).toMatch(/^"\d+"$/);
    expect((await fetch(lighttpd.url + '/')).headers.get('x-frame-options')).toBe('SAMEORIGIN');
    for (const probe of ['/.folio/index.sqlite', '/__folio_cache/.folio/index.sqlite']) {
      expect((await fetch(lighttpd.url + probe)).status, probe).toBe(403);
    }
    expect((await fetch(lighttpd.url + '/index')).status).toBe(404);
  });

  it('believes lighttpd, never a client-sent X-Forwarded-*, and names no version', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= rateLimit.comments + 1 && !statuses.includes(429); i += 1) {
      statuses.push(
        await postCommentAs(lighttpd.url, '/2024/01/10/ruby-one', `Forged ${i}`, {
          'X-Forwarded-For': `198.51.100.${i}`,
        }),
      );
    }
    expect(statuses).toContain(429);
    const page = await rawRequest(`${lighttpd.url}/2024/01/10/ruby-one`, { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(page.header('strict-transport-security')).toBeUndefined();
    expect(page.header('content-security-policy')).not.toContain('upgrade-insecure-requests');
    for (const res of [
      page,
      await rawRequest(`${lighttpd.url}/`),
      await rawRequest(`${lighttpd.url}/admin/admin.css`),
    ]) {
      expect(res.header('server') ?? '').not.toMatch(/\d/);
    }
  });

  it('serves cached pages with every worker stopped', async () => {
    // The home page cached, so an old "/?p=123" (a redirect) could wrongly be answered with it.
    expect((await fetch(lighttpd.url + '/')).status).toBe(200);
    await waitFor(() => existsSync(cacheFile('index.html')), {
      timeout: 60_000,
      message: 'the home page to be cached',
    });
    const stopped = await blog.pool.run(['stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    const page = await fetch(lighttpd.url + '/tag/rails');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Rails one');
    expect((await fetch(lighttpd.url + '/tag/rails?page=1')).status).toBe(503);
    expect((await fetch(lighttpd.url + '/')).status).toBe(200);
    expect((await fetch(lighttpd.url + '/?p=123', { redirect: 'manual' })).status).toBe(503);
  });
});
