import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startApache, type Apache } from '#test/support/apache.ts';
import { Browser, steadyLoad } from '#test/support/web-server.ts';
import { csrfFrom, testPassword } from '#test/support/admin.ts';
import { useRunningBlog, postComment, adminLogin } from '#test/integration/apache/blog-fixture.ts';
import { waitFor } from '#test/support/wait-for.ts';

// The real Apache 2.4, started with the generated config, in front of a real pool of FastCGI workers.
describe('Folio behind Apache', () => {
  const blog = useRunningBlog();
  let apache: Apache;
  const cacheFile = (file: string) => path.join(blog.pool.dataDir, 'cache', file);

  beforeAll(async () => {
    apache = await startApache({
      dataDir: blog.pool.dataDir,
      workerArgs: blog.workerArgs,
      appRoot: blog.app.appRoot,
      // As an operator runs it: with the workers' environment (the Link header of cached pages names BASE_URL).
      baseUrl: blog.pool.env.BASE_URL,
    });
  });
  afterAll(async () => {
    await apache?.stop();
  });

  async function cached(urlPath: string, file: string): Promise<void> {
    expect((await fetch(apache.url + urlPath)).status).toBe(200);
    // The worker writes the file after answering; on a busy machine that can take a while.
    await waitFor(() => existsSync(cacheFile(file)), { timeout: 60_000, message: `${urlPath} → ${file}` });
    expect(existsSync(cacheFile(file)), `${urlPath} → ${file}`).toBe(true);
  }

  it('serves pages, feeds, comment POSTs and the admin sign-in through the workers', async () => {
    const reader = new Browser(apache.url);
    const home = await reader.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Quiet one');
    const feed = await reader.get('/articles.atom');
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect((await reader.get('/tag/ruby')).text).toContain('Ruby one');
    expect((await reader.get('/admin/admin.css')).headers.get('content-type')).toMatch(/^text\/css/);

    const article = await reader.get('/2024/01/10/ruby-one');
    const posted = await postComment(reader, article.text, { authorName: 'Reader', body: 'Through Apache.' });
    expect(posted.status, posted.text).toBe(303);
    expect((await reader.get('/2024/01/10/ruby-one')).text).toContain('Through Apache.');

    const admin = new Browser(apache.url);
    const signIn = await admin.get('/admin/sign-in');
    const signedIn = await admin.post('/admin/sign-in', {
      _csrf: csrfFrom(signIn.text),
      login: adminLogin,
      password: testPassword,
    });
    expect(signedIn.status).toBe(303);
    const dashboard = await admin.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Dashboard');
  });

  it('serves cached pages as files with the right types, and never the cache index or dotfiles', async () => {
    await cached('/', 'index.html');
    await cached('/articles.rss', 'articles.rss');
    await cached('/sitemap.xml', 'sitemap.xml');
    const home = await fetch(apache.url + '/');
    // Apache's own validators: the file answered, not a worker.
    expect(home.headers.get('etag')).toMatch(/^(W\/)?"[0-9a-f]+-[0-9a-f]+"$/);
    expect(home.headers.get('accept-ranges')).toBe('bytes');
    expect(home.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect((await fetch(apache.url + '/articles.rss')).headers.get('content-type')).toBe(
      'application/rss+xml; charset=utf-8',
    );
    expect((await fetch(apache.url + '/sitemap.xml')).headers.get('content-type')).toBe(
      'application/xml; charset=utf-8',
    );
    expect((await fetch(apache.url + '/?utm=1')).headers.get('etag')).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]+"$/);
    for (const probe of ['/.folio/index.sqlite', '/%2efolio/index.sqlite', '/../folio.db', '/index', '/index.html']) {
      expect((await fetch(apache.url + probe)).status, probe).toBe(404);
    }
    // The Webmention Link header on pages, as a worker sends it (feeds have WebSub's instead), while the marker the
    // workers keep says webmentions are on (test/request/page-cache.test.ts switches it through the settings).
    await waitFor(() => existsSync(cacheFile('.webmentions-on')), { message: 'the workers mark webmentions on' });
    const fromWorker = (await fetch(apache.url + '/?utm=1')).headers.get('link');
    expect(fromWorker).toMatch(/^<http[^>]+\/webmention>; rel="webmention"$/);
    expect(home.headers.get('link')).toBe(fromWorker);
    for (const feed of ['/articles.rss', '/sitemap.xml'])
      expect((await fetch(apache.url + feed)).headers.get('link'), feed).toBeNull();
    rmSync(cacheFile('.webmentions-on'));
    try {
      expect((await fetch(apache.url + '/')).headers.get('link')).toBeNull();
    } finally {
      writeFileSync(cacheFile('.webmentions-on'), '');
    }
    expect((await fetch(apache.url + '/.webmentions-on')).status).toBe(404);
    // No directory listings: public/admin/ is a folder of scripts and styles.
    const folder = await fetch(apache.url + '/admin/', { redirect: 'manual' });
    expect(await folder.text()).not.toContain('Index of');
  });

  it('publishing through the admin expires exactly the cached pages the article joins', async () => {
    const pages = {
      '/': 'index.html',
      '/tag/ruby': 'tag/ruby.html',
      '/tag/rails': 'tag/rails.html',
      '/2024/03/10/quiet-one': '2024/03/10/quiet-one.html',
      '/2024/01/10/ruby-one': '2024/01/10/ruby-one.html',
    };
    for (const [urlPath, file] of Object.entries(pages)) await cached(urlPath, file);
    const admin = new Browser(apache.url);
    const signIn = await admin.get('/admin/sign-in');
    await admin.post('/admin/sign-in', { _csrf: csrfFrom(signIn.text), login: adminLogin, password: testPassword });
    const editor = await admin.get('/admin/articles/new');
    const saved = await admin.post('/admin/articles', {
      _csrf: csrfFrom(editor.text),
      title: 'Ruby two',
      body: 'More *Ruby*.',
      tags: 'ruby',
      textFilter: 'markdown',
      allowComments: '1',
      intent: 'publish',
    });
    expect(saved.status, saved.text).toBe(303);
    // Joined: the home page and the tag.
    expect(existsSync(cacheFile('index.html'))).toBe(false);
    expect(existsSync(cacheFile('tag/ruby.html'))).toBe(false);
    // Untouched: another tag, articles whose pages do not show it (its neighbour is the welcome article).
    expect(existsSync(cacheFile('tag/rails.html'))).toBe(true);
    expect(existsSync(cacheFile('2024/03/10/quiet-one.html'))).toBe(true);
    expect(existsSync(cacheFile('2024/01/10/ruby-one.html'))).toBe(true);
    expect(await (await fetch(apache.url + '/tag/ruby')).text()).toContain('Ruby two');
  });

  it('answers 503 with the maintenance page while it exists, except for its own assets', async () => {
    const system = path.join(blog.app.publicDir, 'system');
    mkdirSync(system, { recursive: true });
    writeFileSync(path.join(system, 'style.css'), 'body { color: black; }');
    writeFileSync(
      path.join(system, 'maintenance.html'),
      '<!doctype html><title>Back soon</title><p>Folio is being upgraded.</p>',
    );
    for (const urlPath of ['/', '/tag/ruby', '/admin/sign-in', '/articles.atom']) {
      const res = await fetch(apache.url + urlPath);
      expect(res.status, urlPath).toBe(503);
      expect(await res.text()).toContain('Folio is being upgraded.');
    }
    expect((await fetch(apache.url + '/system/style.css')).status).toBe(200);
    rmSync(path.join(system, 'maintenance.html'));
    expect((await fetch(apache.url + '/')).status).toBe(200);
  });

  it('loses no request to a graceful restart of Apache under load', async () => {
    const load = steadyLoad(apache.url, ['/', '/tag/ruby?page=1', '/2024/01/10/ruby-one', '/archives?x=1'], {
      total: 400,
    });
    await load.answered(20);
    await apache.graceful();
    const result = await load;
    expect(result.failed).toEqual([]);
    expect(result.ok).toBe(400);
    // The old children close idle kept-alive connections; a client sends those requests again.
    expect(result.retried).toBeLessThanOrEqual(8);
  });

  it('loses no request to a rolling restart of the workers under load (reused connections)', async () => {
    let restarted = false;
    const load = steadyLoad(apache.url, ['/?a=1', '/tag/ruby?b=2', '/2024/01/10/ruby-one?c=3', '/'], {
      total: 100_000,
      stop: () => restarted,
    });
    await load.answered(20);
    const before = blog.pool.state()!.workers.map((w) => w.pid);
    const restart = await blog.pool.run(['restart']);
    expect(restart.code, restart.stderr).toBe(0);
    restarted = true;
    const result = await load;
    // Between Apache and the workers nothing is retried: a lost FastCGI request would be a failure here.
    expect(result.retried).toBe(0);
    const now = blog.pool
      .state()!
      .workers.filter((w) => w.state === 'ready')
      .map((w) => w.pid);
    expect(now.filter((pid) => before.includes(pid))).toEqual([]);
    expect(result.ok).toBeGreaterThan(200);
    expect(result.failed).toEqual([]);
  });

  it('keeps serving when a worker is killed with SIGKILL, and the pool respawns it', async () => {
    let done = false;
    const load = steadyLoad(apache.url, ['/?k=1', '/tag/rails?k=2'], { total: 100_000, stop: () => done });
    await load.answered(20);
    const [victim] = blog.pool.state()!.workers.filter((w) => w.state === 'ready');
    const killedAt = Date.now();
    process.kill(victim!.pid!, 'SIGKILL');
    // Once the supervisor has seen the death, the worker's listening socket is closed: Apache is refused and goes to the other worker.
    await blog.pool.waitForState((state) =>
      state.workers.some((w) => w.slot === victim!.slot && (w.pid !== victim!.pid || w.state === 'dead')),
    );
    const deathSeenAt = Date.now();
    await blog.pool.waitForState((state) =>
      state.workers.some((w) => w.slot === victim!.slot && w.state === 'ready' && w.pid !== victim!.pid),
    );
    await load.answered(load.ok + 50); // some served with the replacement back in the balancer
    done = true;
    const during = await load;
    // Only what was sent before the supervisor saw the death may fail: what the killed worker had in hand
    // (Apache answers 503, or cuts a response it had begun: the client may notice only seconds later, when
    // Apache closes the connection, which is why the time a failure is seen proves nothing) and connections
    // still queued on its socket.
    const diagnostics = `${JSON.stringify(during.failed)} killed at ${killedAt}, death seen at ${deathSeenAt}\n${apache.errorLog().slice(-3000)}`;
    expect(
      during.failed.filter((f) => f.sentAt >= deathSeenAt),
      diagnostics,
    ).toEqual([]);
    expect(
      during.failed.every((f) => f.reason === 'HTTP 503' || /^response cut/.test(f.reason)),
      diagnostics,
    ).toBe(true);
    const after = await steadyLoad(apache.url, ['/?k=3', '/tag/rails?k=4'], { total: 200 });
    expect(after.failed).toEqual([]);
    expect(after.retried).toBe(0);
  });

  it('serves cached pages with every worker stopped, and the static error page for the rest', async () => {
    await cached('/tag/rails', 'tag/rails.html');
    const stopped = await blog.pool.run(['stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    const page = await fetch(apache.url + '/tag/rails');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Rails one');
    const uncached = await fetch(apache.url + '/tag/rails?page=1');
    expect(uncached.status).toBe(503);
    expect(await uncached.text()).toMatch(/<html/i);
  });
});
