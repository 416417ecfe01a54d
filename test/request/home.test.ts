import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';

describe('GET / (home)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const author = await ada();
    for (let i = 1; i <= 12; i++) {
      await createArticle({
        author,
        title: `Published number ${i}`,
        tags: ['ruby'],
        publishedAt: new Date(Date.UTC(2024, 0, i, 12)),
      });
    }
    await createArticle({ author, title: 'A secret draft', state: 'draft' });
    await createArticle({ author, title: 'Scheduled for later', publishedAt: new Date(Date.now() + 86_400_000) });
    await changeSettings({ articlesPerPage: 5 });
  });
  afterAll(() => t.close());

  it('lists published articles newest first, with byline, tags and comment counts', async () => {
    const res = await request(t.app).get('/').expect(200).expect('Content-Type', /html/);
    const titles = [...res.text.matchAll(/class="u-url" href="[^"]+">([^<]+)</g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Published number 12',
      'Published number 11',
      'Published number 10',
      'Published number 9',
      'Published number 8',
    ]);
    expect(res.text).toContain('Ada Lovelace');
    expect(res.text).toContain('href="/tag/ruby"');
    expect(res.text).toContain('0 comments');
  });

  it('never shows drafts or scheduled articles', async () => {
    for (const path of ['/', '/page/2', '/page/3']) {
      const res = await request(t.app).get(path).expect(200);
      expect(res.text).not.toContain('A secret draft');
      expect(res.text).not.toContain('Scheduled for later');
    }
  });

  it('paginates with /page/:n and links the neighbours', async () => {
    const res = await request(t.app).get('/page/2').expect(200);
    expect(res.text).toContain('Published number 7');
    expect(res.text).toContain('href="/page/3"');
    expect(res.text).toMatch(/rel="prev" href="\/"/);
    expect(res.text).toContain('Page 2');
  });

  it('knows the last page without counting: no older link there', async () => {
    const res = await request(t.app).get('/page/3').expect(200);
    expect(res.text).toContain('Published number 2');
    expect(res.text).toMatch(/rel="prev" href="\/page\/2"/);
    expect(res.text).not.toContain('rel="next"');
  });

  it.each(['/page/0', '/page/-1', '/page/abc', '/page/4', '/page/99999999999999999999', '/page/1.5'])(
    'answers %s with a themed 404',
    async (path) => {
      const res = await request(t.app).get(path).expect(404);
      expect(res.text).toContain('class="error-page"');
      expect(res.text).toContain('Not found');
    },
  );

  it('links its Atom and RSS feeds in the head', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(res.text).toContain('href="/articles.atom"');
    expect(res.text).toContain('href="/articles.rss"');
  });

  it('answers conditional GETs with 304', async () => {
    const first = await request(t.app).get('/').expect(200);
    expect(first.headers.etag).toBeTruthy();
    expect(first.headers['last-modified']).toBeTruthy();
    await request(t.app).get('/').set('If-None-Match', first.headers.etag!).expect(304);
    await request(t.app).get('/').set('If-Modified-Since', first.headers['last-modified']!).expect(304);
  });

  it('sends security headers', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });
});

describe('a fresh install', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ welcome: true })));
  afterAll(() => t.close());

  it('shows one welcome article on the home page', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('Welcome to Folio');
    expect([...res.text.matchAll(/class="summary h-entry"/g)]).toHaveLength(1);
  });
});
