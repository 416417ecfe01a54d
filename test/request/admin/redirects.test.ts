import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { createArticle, createPage } from '#test/fixtures/factories.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { onChange, type RecordChange } from '#app/models/changes.ts';
import { db, type Redirect } from '#app/models/db.ts';
import { saveArticle } from '#app/models/article.ts';
import { waitFor } from '#test/support/wait-for.ts';

describe('admin redirects', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  let old: Redirect;
  const changes: RecordChange[] = [];
  let stopListening: () => void;

  beforeAll(async () => {
    t = await startTestApp();
    stopListening = onChange((change) => void changes.push(change));
    ({ admin, author } = await signInAdminAndAuthor(t.app));
    const page = await createPage({ title: 'About' });
    old = await db.redirect.create({
      data: { fromPath: '/?page_id=7', targetType: 'page', targetId: page.id, origin: 'wordpress:blog.xml', hits: 4 },
    });
  });
  afterAll(async () => {
    stopListening();
    await t.close();
  });

  it('sends anonymous visitors to sign in, refuses authors with 403 and forged forms', async () => {
    for (const path of [
      '/admin/redirects',
      '/admin/redirects/new',
      `/admin/redirects/${old.id}/edit`,
      `/admin/redirects/${old.id}/deletion`,
    ]) {
      await expectSignInRedirect(t.app, path);
      await author.get(path, 403);
    }
    const fields = { from: '/hijacked', to: 'https://evil.example/' };
    for (const path of ['/admin/redirects', `/admin/redirects/${old.id}`, `/admin/redirects/${old.id}/deletion`]) {
      await expectAnonymousPostRefused(t.app, path, fields);
      await author.post(path, fields).expect(403);
      await expectCsrfRefused(admin, path, fields);
    }
    expect(await db.redirect.count()).toBe(1);
    expect((await db.redirect.findUniqueOrThrow({ where: { id: old.id } })).fromPath).toBe('/?page_id=7');
  });

  it('lists redirects with their current target, origin and hits, in the navigation', async () => {
    const res = await admin.get('/admin/redirects');
    expect(res.text).toContain('href="/admin/redirects" class="current">Redirects</a>');
    expect(res.text).toContain('<code>/?page_id=7</code>');
    expect(res.text).toContain('href="/pages/about"');
    expect(res.text).toContain('wordpress:blog.xml');
    expect(res.text).toMatch(/<td>4<\/td>/);
  });

  it('filters by origin and by text, and pages long lists', async () => {
    await db.redirect.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({ fromPath: `/bulk/${i}`, toUrl: '/archives' })),
    });
    const first = await admin.get('/admin/redirects');
    expect(first.text).toContain('Page 1 of 2');
    expect(first.text).toContain('href="/admin/redirects?page=2"');
    const imported = await admin.get('/admin/redirects?origin=wordpress%3Ablog.xml');
    expect(imported.text).toContain('/?page_id=7');
    expect(imported.text).not.toContain('/bulk/');
    const text = await admin.get('/admin/redirects?q=bulk%2F12');
    expect(text.text).toContain('/bulk/12');
    expect(text.text).not.toContain('/bulk/13<');
    await db.redirect.deleteMany({ where: { fromPath: { startsWith: '/bulk/' } } });
  });

  it('creates a redirect from a full old URL, normalized, and it answers at once', async () => {
    changes.length = 0;
    await admin
      .post('/admin/redirects', {
        from: 'https://old.example/Old/Post/?utm_source=x',
        to: 'https://elsewhere.example/post',
      })
      .expect(303)
      .expect('Location', '/admin/redirects');
    const saved = await db.redirect.findUniqueOrThrow({ where: { fromPath: '/Old/Post' } });
    expect(saved).toMatchObject({ targetType: 'url', toUrl: 'https://elsewhere.example/post', origin: 'manual' });
    expect(changes).toContainEqual({ type: 'redirect', id: saved.id });
    await request(t.app).get('/Old/Post').expect(301).expect('Location', 'https://elsewhere.example/post');
  });

  it('turns a path naming an article into a redirect that follows the article', async () => {
    const article = await createArticle({ title: 'Followed', publishedAt: new Date(Date.UTC(2024, 0, 5, 9)) });
    await admin.post('/admin/redirects', { from: '/followed.html', to: '/2024/01/05/followed' }).expect(303);
    const saved = await db.redirect.findUniqueOrThrow({ where: { fromPath: '/followed.html' } });
    expect(saved).toMatchObject({ targetType: 'article', targetId: article.id });
    await saveArticle(
      { title: 'Followed', slug: 'followed-again', state: 'published', publishedAt: article.publishedAt },
      article.authorId,
      article.id,
    );
    await request(t.app)
      .get('/followed.html')
      .expect(301)
      .expect('Location', `${testBaseUrl}/2024/01/05/followed-again`);
  });

  it.each([
    ['no old address', { from: '  ' }, 'from', 'Give the old address'],
    ['an admin address', { from: '/admin/users' }, 'from', 'belong to the back office'],
    ['the home page', { from: 'https://old.example/' }, 'from', 'The home page itself cannot be redirected'],
    ['a target that is no address', { to: 'javascript:alert(1)' }, 'to', 'Give a path on this blog'],
    ['a relative target', { to: 'about' }, 'to', 'Give a path on this blog'],
    ['a loop', { from: '/loop/', to: `${testBaseUrl}/loop` }, 'to', 'sent round in a loop'],
    [
      'an address another redirect answers',
      { from: '/?page_id=7' },
      'from',
      'Another redirect already answers /?page_id=7 (imported from wordpress:blog.xml).',
    ],
  ] as [string, Record<string, string>, string, string][])(
    'refuses %s with 422, keeping the input',
    async (_label, change, field, message) => {
      const count = await db.redirect.count();
      const res = await admin.post('/admin/redirects', { from: '/kept-from', to: '/kept-to', ...change }).expect(422);
      expect(res.text).toContain('nothing was saved');
      expect(res.text).toMatch(new RegExp(`id="${field}"[^>]*>\\s*<p class="field-error">[^<]*`));
      expect(res.text).toContain(message.replaceAll('"', '&#34;'));
      expect(res.text).toContain(`value="${change.from ?? '/kept-from'}"`.replaceAll('&', '&amp;'));
      expect(await db.redirect.count()).toBe(count);
    },
  );

  it('edits a redirect: a blank new address keeps its record target, a typed one replaces it', async () => {
    const form = await admin.get(`/admin/redirects/${old.id}/edit`);
    expect(form.text).toContain('following the page wherever it moves');
    await admin.post(`/admin/redirects/${old.id}`, { from: '/?page_id=7&utm_medium=x', to: '' }).expect(303);
    expect(await db.redirect.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ targetType: 'page' });
    changes.length = 0;
    await admin.post(`/admin/redirects/${old.id}`, { from: '/?page_id=8', to: '/archives' }).expect(303);
    expect(await db.redirect.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      fromPath: '/?page_id=8',
      targetType: 'url',
      toUrl: '/archives',
      hits: 4,
    });
    expect(changes).toContainEqual({ type: 'redirect', id: old.id });
    await request(t.app).get('/?page_id=8').expect(301).expect('Location', `${testBaseUrl}/archives`);
    const refused = await admin.post(`/admin/redirects/${old.id}`, { from: '/admin', to: '/' }).expect(422);
    expect(refused.text).toContain('belong to the back office');
  });

  it('deletes a redirect after asking, and it no longer answers', async () => {
    // The edit test's request counted one more (the count is written after the answer).
    await waitFor(async () => (await db.redirect.findUniqueOrThrow({ where: { id: old.id } })).hits === 5);
    const ask = await admin.get(`/admin/redirects/${old.id}/deletion`);
    expect(ask.text).toContain('used 5 time(s), last on');
    changes.length = 0;
    await admin.post(`/admin/redirects/${old.id}/deletion`).expect(303).expect('Location', '/admin/redirects');
    expect(await db.redirect.findUnique({ where: { id: old.id } })).toBeNull();
    expect(changes).toContainEqual({ type: 'redirect', id: old.id });
    await request(t.app).get('/?page_id=8').expect(200);
    await admin.get(`/admin/redirects/${old.id}/edit`, 404);
    await admin.post(`/admin/redirects/${old.id}/deletion`).expect(404);
  });
});
