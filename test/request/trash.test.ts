import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { db, type Article, type User } from '#app/models/db.ts';
import { restoreArticle, trashArticle } from '#app/models/article/trash.ts';
import { articleOverview } from '#app/models/article/overview.ts';

/** Where a published article shows to readers: its permalink, the home page, its tag, the feeds, search, sitemap. */
async function readerPlaces(t: TestApp, article: Article) {
  const [y, m, d] = article.publishedOn!.split('-');
  const get = (path: string) => request(t.app).get(path);
  return {
    permalink: (await get(`/${y}/${m}/${d}/${article.slug}`)).status,
    home: (await get('/')).text.includes(article.title),
    tag: (await get('/tag/trashable')).text.includes(article.title),
    atom: (await get('/articles.atom')).text.includes(article.title),
    rss: (await get('/articles.rss')).text.includes(article.title),
    search: (await get('/search?q=Wombat')).text.includes(article.title),
    sitemap: (await get('/sitemap.xml')).text.includes(article.slug),
  };
}

describe('the trash: Micropub delete and undelete, restored in the admin', () => {
  let t: TestApp;
  let grace: User;
  let asGrace: SignedInAgent;
  beforeAll(async () => {
    t = await startTestApp();
    await cast.ada();
    grace = await cast.grace();
    asGrace = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  it('takes a published article off every reader page, and brings it back at the same permalink', async () => {
    const article = await createArticle({
      author: grace,
      title: 'Wombat season',
      bodySource: 'Wombat facts.',
      tags: 'trashable',
    });
    const shown = { permalink: 200, home: true, tag: true, atom: true, rss: true, search: true, sitemap: true };
    expect(await readerPlaces(t, article)).toEqual(shown);
    const trashed = await trashArticle(article.id);
    expect(trashed).toMatchObject({ state: 'deleted', deletedFromState: 'published', slug: article.slug });
    expect(trashed.deletedAt).toBeInstanceOf(Date);
    expect(await readerPlaces(t, article)).toEqual({
      permalink: 404,
      home: false,
      tag: false,
      atom: false,
      rss: false,
      search: false,
      sitemap: false,
    });
    // A second delete is not an error.
    expect((await trashArticle(article.id)).state).toBe('deleted');
    const restored = await restoreArticle(article.id);
    expect(restored).toMatchObject({ state: 'published', deletedAt: null, deletedFromState: null });
    expect(await readerPlaces(t, article)).toEqual(shown);
  });

  it('lists trashed articles under “deleted”, not among drafts, with a Restore button (CSRF) and the final Delete', async () => {
    const draft = await createArticle({ author: grace, title: 'Trashed draft', state: 'draft' });
    const published = await createArticle({ author: grace, title: 'Trashed published' });
    await trashArticle(draft.id);
    await trashArticle(published.id);
    const drafts = await asGrace.get('/admin/articles?state=draft');
    expect(drafts.text).not.toContain('Trashed draft');
    const deleted = await asGrace.get('/admin/articles?state=deleted');
    expect(deleted.text).toContain('Trashed draft');
    expect(deleted.text).toContain('Trashed published');
    expect(deleted.text).toContain(`action="/admin/articles/${draft.id}/restoration"`);
    expect(deleted.text).toContain(`href="/admin/articles/${draft.id}/deletion"`);
    expect(deleted.text).toContain('status-deleted');
    expect((await asGrace.get('/admin/articles')).text).toContain('Trashed draft');

    const counts = (await articleOverview(grace)).counts;
    expect(counts.drafts).toBe(0);
    await asGrace.get('/admin', 200);

    // Without the CSRF token: refused, still trashed.
    await asGrace.agent.post(`/admin/articles/${published.id}/restoration`).type('form').send({}).expect(403);
    expect((await db.article.findUniqueOrThrow({ where: { id: published.id } })).state).toBe('deleted');

    await asGrace.post(`/admin/articles/${published.id}/restoration`).expect(303).expect('Location', '/admin/articles');
    await asGrace.post(`/admin/articles/${draft.id}/restoration`).expect(303);
    expect((await db.article.findUniqueOrThrow({ where: { id: published.id } })).state).toBe('published');
    expect((await db.article.findUniqueOrThrow({ where: { id: draft.id } })).state).toBe('draft');
    const [y, m, d] = published.publishedOn!.split('-');
    await request(t.app).get(`/${y}/${m}/${d}/${published.slug}`).expect(200);

    // The final Delete still deletes a trashed article.
    await trashArticle(draft.id);
    await asGrace.post(`/admin/articles/${draft.id}/deletion`).expect(303);
    expect(await db.article.findUnique({ where: { id: draft.id } })).toBeNull();
  });

  it('lets no author restore another’s article', async () => {
    const alans = await createArticle({ author: await cast.alan(), title: 'Alan’s trashed' });
    await trashArticle(alans.id);
    await asGrace.post(`/admin/articles/${alans.id}/restoration`).expect(404);
    expect((await db.article.findUniqueOrThrow({ where: { id: alans.id } })).state).toBe('deleted');
  });
});
