import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startNginx, type Nginx } from '#test/support/nginx.ts';
import { Browser, rawRequest, steadyLoad } from '#test/support/web-server.ts';
import { csrfFrom, testPassword } from '#test/support/admin.ts';
import { useRunningBlog, postComment, adminLogin } from '#test/integration/apache/blog-fixture.ts';
import { all, cachedFile, postComment as postCommentAs } from '#test/integration/apache/front-end.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { rateLimit } from '#app/models/comment/spam.ts';

// The same paths as through Apache and lighttpd, through Debian's nginx and its fastcgi module.
describe('Folio behind nginx', () => {
  const blog = useRunningBlog();
  let nginx: Nginx;
  const cacheFile = (file: string) => path.join(blog.pool.dataDir, 'cache', file);

  beforeAll(async () => {
    nginx = await startNginx({
      dataDir: blog.pool.dataDir,
      workerArgs: blog.workerArgs,
      appRoot: blog.app.appRoot,
      // As an operator runs it: with the workers' environment (the Link header of cached pages names BASE_URL).
      baseUrl: blog.pool.env.BASE_URL,
    });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  async function cached(urlPath: string, file: string): Promise<void> {
    expect((await fetch(nginx.url + urlPath)).status, urlPath).toBe(200);
    // The worker writes the file after answering: slow on a busy machine.
    await cachedFile(cacheFile(file));
  }

  it('serves pages, feeds, comment POSTs and the admin sign-in through the workers', async () => {
    const reader = new Browser(nginx.url);
    expect((await reader.get('/')).text).toContain('Quiet one');
    expect((await reader.get('/articles.atom')).headers.get('content-type')).toBe(
      'application/atom+xml; charset=utf-8',
    );
    expect((await reader.get('/admin/admin.css')).headers.get('content-type')).toMatch(/^text\/css/);
    const article = await reader.get('/2024/02/10/rails-one');
    const posted = await postComment(reader, article.text, { authorName: 'Reader', body: 'Through nginx.' });
    expect(posted.status, posted.text).toBe(303);
    expect((await reader.get('/2024/02/10/rails-one')).text).toContain('Through nginx.');

    const admin = new Browser(nginx.url);
    const signIn = await admin.get('/admin/sign-in');
    expect(
      (await admin.post('/admin/sign-in', { _csrf: csrfFrom(signIn.text), login: adminLogin, password: testPassword }))
        .status,
    ).toBe(303);
    expect((await admin.get('/admin')).text).toContain('Dashboard');
  });

  it('balances the workers round robin', async () => {
    const before = blog.pool.state()!.workers.map((w) => w.requestsServed ?? 0);
    const result = await steadyLoad(nginx.url, ['/?r=1', '/tag/ruby?r=2'], { total: 60, concurrency: 1 });
    expect(result.failed).toEqual([]);
    const served = await blog.pool.waitForState((state) => {
      const counts = state.workers.map((w, i) => (w.requestsServed ?? 0) - (before[i] ?? 0));
      return counts.reduce((a, b) => a + b, 0) >= 60 ? counts : undefined;
    });
    for (const count of served) expect(count).toBeGreaterThanOrEqual(25);
  });

  it('serves cached pages itself, with their types and headers, and never the index, dotfiles or temp files', async () => {
    await cached('/', 'index.html');
    await cached('/articles.rss', 'articles.rss');
    await cached('/sitemap.xml', 'sitemap.xml');
    await cached('/tag/rails', 'tag/rails.html');
    const rss = await rawRequest(nginx.url + '/articles.rss');
    expect(rss.header('content-type')).toBe('application/rss+xml; charset=utf-8');
    // nginx's own validators (mtime-size in hex, strong): the file answered, not a worker.
    expect(rss.header('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect((await rawRequest(nginx.url + '/sitemap.xml')).header('content-type')).toBe(
      'application/xml; charset=utf-8',
    );
    const home = await rawRequest(nginx.url + '/');
    expect(home.header('content-type')).toBe('text/html; charset=utf-8');
    expect(home.header('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(home.header('x-frame-options')).toBe('SAMEORIGIN');
    expect(home.header('content-security-policy')).toContain("default-src 'self'");
    expect(all(home, 'x-content-type-options')).toEqual(['nosniff']);
    expect((await rawRequest(nginx.url + '/', { method: 'HEAD' })).header('etag')).toBe(home.header('etag'));

    // The Webmention Link header on pages, as a worker sends it (feeds have WebSub's instead), while the marker the
    // workers keep says webmentions are on (test/request/page-cache.test.ts switches it through the settings).
    await waitFor(() => existsSync(cacheFile('.webmentions-on')), { message: 'the workers mark webmentions on' });
    const fromWorker = (await rawRequest(nginx.url + '/?utm=1')).header('link');
    expect(fromWorker).toMatch(/^<http[^>]+\/webmention>; rel="webmention"$/);
    expect(all(home, 'link')).toEqual([fromWorker]);
    expect(rss.header('link')).toBeUndefined();
    expect((await rawRequest(nginx.url + '/sitemap.xml')).header('link')).toBeUndefined();
    rmSync(cacheFile('.webmentions-on'));
    try {
      expect((await rawRequest(nginx.url + '/')).header('link')).toBeUndefined();
    } finally {
      writeFileSync(cacheFile('.webmentions-on'), '');
    }
    expect((await fetch(nginx.url + '/.webmentions-on')).status).toBe(403);

    writeFileSync(cacheFile('tag/rails.html.tmp'), 'half written');
    for (const probe of ['/.folio/index.sqlite', '/%2efolio/index.sqlite', '/tag/rails.html.tmp']) {
      expect((await fetch(nginx.url + probe)).status, probe).toBe(403);
    }
    // `/index` would be the home page's file; `/index.html` and `/tag/rails.html` are no page's address.
    for (const probe of ['/index', '/index.html', '/tag/rails.html']) {
      const res = await rawRequest(nginx.url + probe);
      expect(res.status, probe).toBe(404);
      // Not nginx's strong ETag: a worker answered.
      expect(res.header('etag') ?? '', probe).not.toMatch(/^"/);
    }
  });

  it('sends a query string, another method and the excluded prefixes to the workers, whatever the cache holds', async () => {
    await cached('/tag/rails', 'tag/rails.html');
    // A worker's ETag is weak: W/"…".
    expect((await rawRequest(nginx.url + '/tag/rails?page=1')).header('etag')).toMatch(/^W\//);
    const post = await rawRequest(nginx.url + '/tag/rails', { method: 'POST', body: '' });
    expect(post.body).not.toContain('planted');
    // Files where no cached page may ever be: never served.
    for (const [file, urlPath] of [
      ['admin/sign-in.html', '/admin/sign-in'],
      ['Search.html', '/Search'],
      ['uploads/feed.xml', '/uploads/feed.xml'],
    ] as const) {
      mkdirSync(path.dirname(cacheFile(file)), { recursive: true });
      writeFileSync(cacheFile(file), 'planted');
      const res = await rawRequest(nginx.url + urlPath);
      expect(res.body, urlPath).not.toContain('planted');
      rmSync(cacheFile(file));
    }
  });

  it('believes nginx, never a client-sent X-Forwarded-*, and names no version', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= rateLimit.comments + 1 && !statuses.includes(429); i += 1) {
      statuses.push(
        await postCommentAs(nginx.url, '/2024/01/10/ruby-one', `Forged ${i}`, {
          'X-Forwarded-For': `198.51.100.${i}`,
          'X-Real-IP': `198.51.100.${i}`,
        }),
      );
    }
    expect(statuses).toContain(429);
    const page = await rawRequest(`${nginx.url}/2024/01/10/ruby-one?fresh=1`, {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    expect(page.status).toBe(200);
    expect(page.header('strict-transport-security')).toBeUndefined();
    expect(page.header('content-security-policy')).not.toContain('upgrade-insecure-requests');
    for (const res of [
      page,
      await rawRequest(`${nginx.url}/`),
      await rawRequest(`${nginx.url}/admin/admin.css`),
      await rawRequest(`${nginx.url}/.folio/x`),
    ]) {
      expect(res.header('server') ?? '').not.toMatch(/\d/);
    }
    expect((await rawRequest(nginx.url + '/', { method: 'TRACE' })).status).toBe(405);
  });

  it('answers 503 with the maintenance page while it exists, except for its own assets', async () => {
    const system = path.join(blog.app.publicDir, 'system');
    mkdirSync(system, { recursive: true });
    writeFileSync(path.join(system, 'style.css'), 'body { color: black; }');
    writeFileSync(
      path.join(system, 'maintenance.html'),
      '<!doctype html><title>Back soon</title><p>Folio is being upgraded.</p>',
    );
    try {
      for (const [method, urlPath] of [
        ['GET', '/'],
        ['GET', '/tag/ruby'],
        ['GET', '/admin/sign-in'],
        ['POST', '/admin/sign-in'],
      ] as const) {
        const res = await rawRequest(nginx.url + urlPath, { method, body: method === 'POST' ? 'a=1' : undefined });
        expect(res.status, urlPath).toBe(503);
        expect(res.body).toContain('Folio is being upgraded.');
      }
      expect((await fetch(nginx.url + '/system/style.css')).status).toBe(200);
    } finally {
      rmSync(path.join(system, 'maintenance.html'));
    }
    expect((await fetch(nginx.url + '/')).status).toBe(200);
  });

  it('serves cached pages with every worker stopped, and the static error page for the rest', async () => {
    await cached('/tag/rails', 'tag/rails.html');
    await cached('/', 'index.html');
    const stopped = await blog.pool.run(['stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    const page = await fetch(nginx.url + '/tag/rails');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Rails one');
    // No worker to take it: nginx's 502, with public/502.html ("not saved, send it again").
    const uncached = await fetch(nginx.url + '/tag/rails?page=1');
    expect(uncached.status).toBe(502);
    expect(await uncached.text()).toMatch(/<html/i);
    expect(existsSync(cacheFile('tag/rails.html'))).toBe(true);
    // An old "/?p=123" (a redirect) is never answered with the cached home page.
    expect((await fetch(nginx.url + '/')).status).toBe(200);
    expect((await fetch(nginx.url + '/?p=123', { redirect: 'manual' })).status).toBe(502);
  });
});
