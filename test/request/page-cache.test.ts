import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import request from 'supertest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { createArticle, createComment, createSection, changeSettings } from '#test/fixtures/factories.ts';
import { ada, grace } from '#test/fixtures/cast.ts';
import { createAccountFor, signedInAgent } from '#test/support/admin.ts';
import { saveArticle, deleteArticle } from '#app/models/article.ts';
import { pageCacheOf, type PageCache } from '#app/page-cache/index.ts';
import { cacheFileFor } from '#app/page-cache/paths.ts';
import { cacheFirst } from '#app/server/http.ts';
import { exclusively } from '#app/page-cache/index-db.ts';
import { expireKeys } from '#app/page-cache/page-index.ts';
import { everything } from '#app/page-cache/keys.ts';
import { db, type Article, type User } from '#app/models/db.ts';
import { ManualClock } from '#app/clock.ts';

// The blog every scenario starts from (articlesPerPage 2; newest first: may, april, second, first, old):
//   home          /: may, april    /page/2: second, first    /page/3: old
//   tag ruby      april, first | old      tag rails: second      section news: first
//   ada           second, first | old     grace: may, april
const warmed = [
  '/',
  '/page/2',
  '/page/3',
  '/articles.atom',
  '/articles.rss',
  '/comments.atom',
  '/sitemap.xml',
  '/archives',
  '/tags',
  '/tag/ruby',
  '/tag/ruby/page/2',
  '/tag/ruby.atom',
  '/tag/rails',
  '/section/news',
  '/section/news.rss',
  '/author/ada',
  '/author/ada/page/2',
  '/author/grace',
  '/2024',
  '/2024/page/2',
  '/2024/03',
  '/2024/03/02',
  '/2024/04',
  '/2023',
  '/2023/12/01/old-ruby',
  '/2024/03/01/march-first',
  '/2024/03/02/march-second',
  '/2024/04/10/april',
  '/2024/05/01/may',
  '/2024/03/02/march-second.atom',
];

describe('the page cache', () => {
  let t: TestApp;
  let clock: ManualClock;
  let cache: PageCache;
  let author: User;
  let first: Article;
  let second: Article;
  let april: Article;

  beforeEach(async () => {
    clock = new ManualClock(new Date()); // stands still until a test moves it on
    t = await startTestApp({ clock });
    cache = pageCacheOf(t.app)!;
    await changeSettings({ articlesPerPage: 2, commentPolicy: 'open' });
    author = await ada();
    const g = await grace();
    const news = await createSection({ name: 'News' });
    await createArticle({ author, title: 'Old ruby', tags: 'ruby', publishedAt: new Date('2023-12-01T10:00:00Z') });
    first = await createArticle({
      author,
      title: 'March first',
      tags: 'ruby',
      sectionId: news.id,
      publishedAt: new Date('2024-03-01T10:00:00Z'),
    });
    second = await createArticle({
      author,
      title: 'March second',
      tags: 'rails',
      publishedAt: new Date('2024-03-02T10:00:00Z'),
    });
    april = await createArticle({
      author: g,
      title: 'April',
      tags: 'ruby',
      publishedAt: new Date('2024-04-10T10:00:00Z'),
    });
    await createArticle({ author: g, title: 'May', publishedAt: new Date('2024-05-01T10:00:00Z') });
    await createComment(first, { authorName: 'Reader One', body: 'First!' });
    await warm();
  }, 60_000);
  afterEach(() => t.close());

  const fileOf = (urlPath: string) => path.join(cache.root, cacheFileFor(urlPath)!);
  const expired = () => warmed.filter((p) => !existsSync(fileOf(p))).sort();
  const sorted = (paths: string[]) => [...paths].sort();

  async function warm(): Promise<void> {
    for (const urlPath of warmed) await request(t.app).get(urlPath).expect(200);
    await cache.idle();
    expect(expired()).toEqual([]);
  }

  /** Saves the article with these changes, as the admin's form does (the slug kept unless changed). */
  async function edit(article: Article, changes: Record<string, unknown>) {
    const tags = (await db.tagging.findMany({ where: { articleId: article.id }, include: { tag: true } })).map(
      (tagging) => tagging.tag.name,
    );
    await saveArticle(
      {
        title: article.title,
        slug: article.slug,
        bodySource: article.bodySource,
        sectionId: article.sectionId,
        state: 'published',
        publishedAt: article.publishedAt,
        tags,
        ...changes,
      },
      article.authorId,
      article.id,
    );
  }

  it('writes each public page at the path the web server looks for, byte for byte', async () => {
    const home = await request(t.app).get('/').expect(200);
    expect(readFileSync(path.join(cache.root, 'index.html'), 'utf8')).toBe(home.text);
    for (const file of [
      'page/2.html',
      'articles.atom',
      'articles.rss',
      'sitemap.xml',
      'tag/ruby/page/2.html',
      'tag/ruby.atom',
      '2024/03/02/march-second.html',
      '2024/03/02/march-second.atom',
      'section/news.rss',
    ]) {
      expect(existsSync(path.join(cache.root, file)), file).toBe(true);
    }
    expect(readdirSync(path.join(cache.root, '2024/03/02')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(cache.stats().pages).toBe(warmed.length);
  });

  it('never caches a query string, a session, search, the admin, errors, HEAD or POST results', async () => {
    cache.clear();
    await request(t.app).get('/?utm=x').expect(200);
    await request(t.app).get('/').set('Cookie', 'folio.sid=s%3Aabc').expect(200);
    await request(t.app).head('/page/2').expect(200);
    await request(t.app).get('/search').expect(200);
    await request(t.app).get('/search?q=ruby').expect(200);
    await request(t.app).get('/admin/sign-in');
    await request(t.app).get('/tag/nothing').expect(404);
    await request(t.app).get('/robots.txt').expect(200);
    await request(t.app).post('/2024/03/02/march-second/comments').type('form').send({ authorName: 'X', body: 'hi' });
    await cache.idle();
    expect(cache.stats().pages).toBe(0);
    expect(readdirSync(cache.root).filter((entry) => !entry.startsWith('.'))).toEqual([]);
  });

  it('editing an article’s text expires the pages showing it and the sitemap, nothing else', async () => {
    await edit(second, { bodySource: 'New words.' });
    expect(expired()).toEqual(
      sorted([
        '/page/2',
        '/articles.atom',
        '/articles.rss',
        '/tag/rails',
        '/author/ada',
        '/2024/page/2',
        '/2024/03',
        '/2024/03/02',
        '/2024/03/02/march-second',
        '/2024/03/02/march-second.atom',
        '/sitemap.xml',
      ]),
    );
  });

  it('a new title also expires the neighbours, whose previous/next links show it', async () => {
    await edit(second, { title: 'March the second' });
    expect(expired()).toEqual(
      sorted([
        '/page/2',
        '/articles.atom',
        '/articles.rss',
        '/tag/rails',
        '/author/ada',
        '/2024/page/2',
        '/2024/03',
        '/2024/03/02',
        '/2024/03/02/march-second',
        '/2024/03/02/march-second.atom',
        '/sitemap.xml',
        '/2024/03/01/march-first',
        '/2024/04/10/april',
      ]),
    );
  });

  it('publishing expires every listing the article joins, the archives, the tag cloud and its neighbours', async () => {
    await createArticle({ author, title: 'Mid March', tags: 'ruby', publishedAt: new Date('2024-03-15T10:00:00Z') });
    expect(expired()).toEqual(
      sorted([
        '/',
        '/page/2',
        '/page/3',
        '/articles.atom',
        '/articles.rss',
        '/2024',
        '/2024/page/2',
        '/2024/03',
        '/author/ada',
        '/author/ada/page/2',
        '/tag/ruby',
        '/tag/ruby/page/2',
        '/tag/ruby.atom',
        '/archives',
        '/tags',
        '/sitemap.xml',
        '/2024/03/02/march-second',
        '/2024/04/10/april',
      ]),
    );
  });

  it('moving an article between tags expires both tags and the cloud, not the listings it stays in', async () => {
    await edit(first, { tags: 'rails' });
    expect(expired()).toEqual(
      sorted([
        '/page/2',
        '/articles.atom',
        '/articles.rss',
        '/comments.atom',
        '/author/ada',
        '/2024/page/2',
        '/2024/03',
        '/section/news',
        '/section/news.rss',
        '/2024/03/01/march-first',
        '/tag/ruby',
        '/tag/ruby/page/2',
        '/tag/ruby.atom',
        '/tag/rails',
        '/tags',
        '/sitemap.xml',
      ]),
    );
  });

  it('deleting an article expires where it was: its listings, its pages and its neighbours', async () => {
    await deleteArticle(april.id);
    expect(expired()).toEqual(
      sorted([
        '/',
        '/page/2',
        '/page/3',
        '/articles.atom',
        '/articles.rss',
        '/2024',
        '/2024/page/2',
        '/2024/04',
        '/author/grace',
        '/tag/ruby',
        '/tag/ruby/page/2',
        '/tag/ruby.atom',
        '/archives',
        '/tags',
        '/sitemap.xml',
        '/2024/04/10/april',
        '/2024/03/02/march-second',
        '/2024/05/01/may',
      ]),
    );
  });

  it('an approved comment expires its article’s pages, the pages counting it and the comment feeds; a held one nothing', async () => {
    await changeSettings({ commentPolicy: 'moderate-all' });
    await warm();
    await createComment(second, { authorName: 'Held', body: 'Wait for me.' });
    expect(expired()).toEqual([]);
    await changeSettings({ commentPolicy: 'open' });
    await warm();
    await createComment(second, { authorName: 'Reader Two', body: 'Seen at once.' });
    expect(expired()).toEqual(
      sorted([
        '/page/2',
        '/articles.atom',
        '/articles.rss',
        '/tag/rails',
        '/author/ada',
        '/2024/page/2',
        '/2024/03',
        '/2024/03/02',
        '/2024/03/02/march-second',
        '/2024/03/02/march-second.atom',
        '/comments.atom',
        '/sitemap.xml',
      ]),
    );
  });

  it('changing the settings or the theme expires everything', async () => {
    await changeSettings({ theme: 'minimal' });
    expect(expired()).toEqual(sorted(warmed));
  });

  it('a scheduled article joins its listings at its time with no request: its pages expire then', async () => {
    const publishAt = new Date(clock.now().getTime() + 3_600_000); // an hour ahead: no test waits that long
    await createArticle({ author, title: 'Scheduled', tags: 'ruby', publishedAt: publishAt });
    await cache.idle();
    expect(expired()).toEqual([]);
    clock.set(publishAt);
    // The schedule's wake-up sweeps in the background; nothing here asks it to.
    await waitFor(() => expired().length > 0, { message: 'the scheduled sweep' });
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(publishAt.getTime());
    expect(expired()).toEqual(
      sorted([
        '/',
        '/page/2',
        '/page/3',
        '/articles.atom',
        '/articles.rss',
        '/author/ada',
        '/author/ada/page/2',
        '/tag/ruby',
        '/tag/ruby/page/2',
        '/tag/ruby.atom',
        '/archives',
        '/tags',
        '/sitemap.xml',
        '/2024/05/01/may',
      ]),
    );
    expect((await request(t.app).get('/').expect(200)).text).toContain('Scheduled');
  });

  it('does not write a page built from data a sweep expired while it was being built', async () => {
    cache.clear();
    const seq = cache.currentSeq();
    await edit(second, { bodySource: 'Changed meanwhile.' });
    const { startCollecting } = await import('#app/page-cache/uses.ts');
    const uses = startCollecting({ locals: {} } as never).add('article:' + second.id);
    cache.write({
      path: '/2024/03/02/march-second',
      file: '2024/03/02/march-second.html',
      body: Buffer.from('stale'),
      uses,
      startSeq: seq,
    });
    await cache.idle();
    expect(existsSync(fileOf('/2024/03/02/march-second'))).toBe(false);
    expect(readdirSync(path.join(cache.root)).filter((entry) => !entry.startsWith('.'))).toEqual(['2024']);
  });

  it('drops this process’s copy of the settings when another process expired everything', async () => {
    await request(t.app).get('/tags').expect(200);
    // Another worker saves the settings: its write and its sweep, not this process's cache.
    await db.setting.update({ where: { id: 1 }, data: { blogTitle: 'Renamed elsewhere' } });
    const { db: index } = cache.index;
    exclusively(index, () => expireKeys(index, cache.root, [everything]));
    expect((await request(t.app).get('/').expect(200)).text).toContain('Renamed elsewhere');
    await cache.idle();
    expect(readFileSync(fileOf('/'), 'utf8')).toContain('Renamed elsewhere');
  });

  it('over plain HTTP, serves cached files before routing, with validators and 304s', async () => {
    const server = cacheFirst(t.app);
    const res = await request(server).get('/2024/03/02/march-second').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.text).toBe(readFileSync(fileOf('/2024/03/02/march-second'), 'utf8'));
    await request(server).get('/2024/03/02/march-second').set('If-None-Match', res.headers.etag!).expect(304);
    await request(server)
      .get('/2024/03/02/march-second')
      .set('If-Modified-Since', res.headers['last-modified']!)
      .expect(304);
    expect((await request(server).get('/articles.rss').expect(200)).headers['content-type']).toBe(
      'application/rss+xml; charset=utf-8',
    );
    // A change is seen at once: the file is gone, so the app answers (and caches again).
    await edit(second, { bodySource: 'Fresh words.' });
    expect((await request(server).get('/2024/03/02/march-second').expect(200)).text).toContain('Fresh words.');
    await request(server).get('/admin/sign-in');
    await request(server).get('/nothing/here').expect(404);
  });

  it('over plain HTTP, cached pages carry the Webmention Link header while webmentions are on, feeds never', async () => {
    const server = cacheFirst(t.app);
    const link = `<${t.config.baseUrl}/webmention>; rel="webmention"`;
    const article = '/2024/03/02/march-second';
    const fromCache = async (urlPath: string) => {
      const res = await request(server).get(urlPath).expect(200);
      // The fast path's own validator (Apache's form), not Express's weak one: the file answered, not the app.
      expect(res.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
      return res.headers.link;
    };
    expect(await fromCache(article)).toBe(link);
    expect(await fromCache('/')).toBe(link);
    for (const feed of ['/articles.atom', '/articles.rss', '/sitemap.xml'])
      expect(await fromCache(feed)).toBeUndefined();

    // Switched off: the pages expire, and those rendered again are served without it, as the app sends them.
    await changeSettings({ webmentions: false });
    expect(expired()).toEqual(sorted(warmed));
    expect((await request(server).get(article).expect(200)).headers.link).toBeUndefined();
    await cache.idle();
    expect(await fromCache(article)).toBeUndefined();

    await changeSettings({ webmentions: true });
    expect((await request(server).get(article).expect(200)).headers.link).toBe(link);
    await cache.idle();
    expect(await fromCache(article)).toBe(link);
  });

  it('lets an administrator see its size and clear it; authors may not', async () => {
    await createAccountFor('root', 'admin');
    await createAccountFor('writer', 'author');
    const admin = await signedInAgent(t.app, 'root');
    const page = await admin.get('/admin/cache');
    expect(page.text).toContain(`${warmed.length} pages`);
    await admin.post('/admin/cache/clearing').expect(303).expect('Location', '/admin/cache');
    expect((await admin.get('/admin/cache')).text).toContain(`${warmed.length} pages removed`);
    expect(expired()).toEqual(sorted(warmed));
    expect(cache.stats()).toEqual({ pages: 0, bytes: 0 });
    const writer = await signedInAgent(t.app, 'writer');
    await writer.get('/admin/cache', 403);
  });
});

describe('FOLIO_PAGE_CACHE=off', () => {
  it('renders every request and writes nothing to the cache', async () => {
    const t = await startTestApp({ welcome: true, env: { FOLIO_PAGE_CACHE: 'off' } });
    try {
      await request(t.app).get('/').expect(200);
      await request(t.app).get('/articles.atom').expect(200);
      expect(pageCacheOf(t.app)).toBeUndefined();
      const root = path.join(t.dir, 'cache');
      expect(existsSync(root) ? readdirSync(root).filter((f) => !f.startsWith('.')) : []).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
