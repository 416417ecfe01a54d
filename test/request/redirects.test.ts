import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { createArticle, createPage, createSection } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { db, type Article, type User } from '#app/models/db.ts';
import { saveArticle, deleteArticle } from '#app/models/article.ts';
import { redirectsChanged, saveRedirect } from '#app/models/redirect.ts';
import { onChange, type RecordChange } from '#app/models/changes.ts';
import { createServedMap, servedMapFile, type ServedMap } from '#app/models/redirect/served-map.ts';
import { readFileSync } from 'node:fs';

/** A row as an importer writes it: a record target, its origin the import source. */
async function imported(fromPath: string, targetType: string, targetId: number | null = null, toUrl = '') {
  return db.redirect.create({ data: { fromPath, targetType, targetId, toUrl, origin: 'wordpress:test' } });
}

describe('redirects', () => {
  let t: TestApp;
  let author: User;
  let article: Article;

  beforeAll(async () => {
    t = await startTestApp();
    author = await ada();
    article = await createArticle({
      author,
      title: 'Hello moved world',
      tags: ['ruby'],
      publishedAt: new Date(Date.UTC(2024, 2, 2, 12)),
    });
    const page = await createPage({ title: 'About' });
    const section = await createSection({ name: 'Travel' });
    const tag = await db.tag.findUniqueOrThrow({ where: { slug: 'ruby' } });
    await imported('/2009/05/hello-world', 'article', article.id);
    await imported('/?p=123', 'article', article.id);
    await imported('/?page_id=7', 'page', page.id);
    await imported('/?cat=3', 'section', section.id);
    await imported('/category/ruby-things', 'tag', tag.id);
    await imported('/?author=2', 'author', author.id);
    await imported('/?feed=rss2', 'feed');
    await imported('/comments/feed', 'comments-feed');
    await imported('/elsewhere', 'url', null, 'https://other.example/there?x=1');
    await imported('/caf%C3%A9', 'url', null, '/pages/about');
    await redirectsChanged();
  });
  afterAll(() => t.close());

  const location = (path: string) => `${testBaseUrl}${path}`;

  it.each([
    ['an article', '/2009/05/hello-world', location('/2024/03/02/hello-moved-world')],
    ['an article, by WordPress ?p=', '/?p=123', location('/2024/03/02/hello-moved-world')],
    ['a page', '/?page_id=7', location('/pages/about')],
    ['a section', '/?cat=3', location('/section/travel')],
    ['a tag', '/category/ruby-things', location('/tag/ruby')],
    ['an author', '/?author=2', location('/author/ada')],
    ['the articles feed', '/?feed=rss2', location('/articles.atom')],
    ['the comments feed', '/comments/feed/', location('/comments.atom')],
    ['another site', '/elsewhere', 'https://other.example/there?x=1'],
    ['a path on this blog', '/café', location('/pages/about')],
  ])('answers an old address of %s with a 301 to its current address', async (_label, from, to) => {
    const res = await request(t.app).get(from).expect(301).expect('Location', to);
    expect(res.headers['cache-control'] ?? '').not.toMatch(/max-age=[1-9]/);
  });

  it('matches however the address is spelled: trailing slash, percent-encoding, query order, campaign tags', async () => {
    await request(t.app).get('/2009/05/hello-world/').expect(301);
    await request(t.app).get('/caf%c3%a9/').expect(301).expect('Location', location('/pages/about'));
    await request(t.app)
      .get('/?utm_source=feed&p=123')
      .expect(301)
      .expect('Location', location('/2024/03/02/hello-moved-world'));
  });

  it('answers HEAD too, and never a POST', async () => {
    await request(t.app).head('/?p=123').expect(301).expect('Location', location('/2024/03/02/hello-moved-world'));
    await request(t.app).head('/2009/05/hello-world').expect(301);
    const post = await request(t.app).post('/2009/05/hello-world').type('form').send({ a: 'b' });
    expect(post.status).toBe(404);
    expect(post.headers.location).toBeUndefined();
  });

  it('leaves the home page alone for other queries, and a query with no redirect shows the page', async () => {
    await request(t.app).get('/').expect(200);
    await request(t.app).get('/?p=999').expect(200);
    await request(t.app).get('/?q=ruby').expect(200);
  });

  it('follows an article that is renamed and re-dated', async () => {
    await saveArticle(
      { title: 'Hello moved world', slug: 'renamed', state: 'published', publishedAt: new Date(Date.UTC(2024, 4, 6)) },
      author.id,
      article.id,
    );
    await request(t.app).get('/?p=123').expect(301).expect('Location', location('/2024/05/06/renamed'));
  });

  it('sends nobody to an article readers may not see: a draft, a scheduled one, a deleted one', async () => {
    const draft = await createArticle({ author, title: 'Not yet', state: 'draft' });
    const later = await createArticle({ author, title: 'Later', publishedAt: new Date(Date.now() + 86_400_000) });
    const gone = await createArticle({ author, title: 'Gone' });
    await imported('/?p=1', 'article', draft.id);
    await imported('/?p=2', 'article', later.id);
    await imported('/gone', 'article', gone.id);
    await deleteArticle(gone.id);
    // ?p= on the home page falls through to the home page itself; other addresses get the themed 404.
    const home = await request(t.app).get('/?p=1').expect(200);
    expect(home.text).not.toContain('Not yet');
    await request(t.app).get('/?p=2').expect(200);
    const missing = await request(t.app).get('/gone').expect(404);
    expect(missing.text).toContain('<html');
  });

  it('counts hits and the time of the last one', async () => {
    const before = await db.redirect.findUniqueOrThrow({ where: { fromPath: '/?feed=rss2' } });
    await request(t.app).get('/?feed=rss2').expect(301);
    await request(t.app).get('/?feed=rss2').expect(301);
    const after = await waitFor(async () => {
      const row = await db.redirect.findUniqueOrThrow({ where: { fromPath: '/?feed=rss2' } });
      return row.hits === before.hits + 2 && row;
    });
    expect(after.lastHitAt).toBeInstanceOf(Date);
  });

  it('answers a new query name at once after a save, and announces the write', async () => {
    const changes: RecordChange[] = [];
    const stop = onChange((change) => void changes.push(change));
    try {
      await request(t.app).get('/?tag=old-ruby').expect(200);
      const saved = await saveRedirect({ from: '/?tag=old-ruby', to: '/tag/ruby' }, testBaseUrl);
      expect(changes).toContainEqual({ type: 'redirect', id: saved.id });
      await request(t.app).get('/?tag=old-ruby').expect(301).expect('Location', location('/tag/ruby'));
    } finally {
      stop();
    }
  });

  it('never answers under /admin, even for a row that says so', async () => {
    await imported('/admin/old', 'url', null, '/');
    const res = await request(t.app).get('/admin/old');
    expect(res.status).not.toBe(301);
  });

  it('does not count or answer a redirect once deleted', async () => {
    const row = await imported('/temporary', 'url', null, '/archives');
    await request(t.app).get('/temporary').expect(301);
    await db.redirect.delete({ where: { id: row.id } });
    await request(t.app).get('/temporary').expect(404);
  });
});

describe('the map Apache answers redirects from', () => {
  let t: TestApp;
  let map: ServedMap;
  const text = () => readFileSync(map.file, 'utf8');

  beforeAll(async () => {
    t = await startTestApp();
    map = t.app.locals.servedMap as ServedMap;
    createServedMap(servedMapFile(t.config));
  });
  afterAll(() => t.close());

  it('holds what Apache can match, with record targets resolved, and follows the records', async () => {
    const author = await ada();
    const article = await createArticle({ author, title: 'Mapped', publishedAt: new Date(Date.UTC(2024, 2, 2, 12)) });
    const draft = await createArticle({ author, title: 'Draft', state: 'draft' });
    await imported('/?p=5', 'article', article.id);
    await imported('/2024/03/02/mapped', 'article', article.id);
    await imported('/?p=6', 'article', draft.id);
    await imported('/?a=1&b=2', 'url', null, '/archives');
    await imported('/with%20space', 'url', null, '/archives');
    await imported('/caf%C3%A9', 'url', null, 'https://other.example/');
    await redirectsChanged();
    await waitFor(() => text().includes('/?p=5 '), { message: () => text() });
    expect(text().split('\n').slice(1)).toEqual([
      `/?p=5 ${testBaseUrl}/2024/03/02/mapped`,
      '/café https://other.example/',
      '',
    ]);
    await saveArticle(
      { title: 'Mapped', slug: 'mapped-again', state: 'published', publishedAt: article.publishedAt },
      author.id,
      article.id,
    );
    await waitFor(() => text().includes('mapped-again'), { message: () => text() });
    expect(text()).toContain(`/?p=5 ${testBaseUrl}/2024/03/02/mapped-again\n`);
    expect(text()).toContain(`/2024/03/02/mapped ${testBaseUrl}/2024/03/02/mapped-again\n`);
  });
});
