import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { createPage, createSection } from '#test/fixtures/factories.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { onChange, type RecordChange } from '#app/models/changes.ts';
import { db, type Page } from '#app/models/db.ts';

describe('admin pages', () => {
  let t: TestApp;
  let about: Page;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  const changes: RecordChange[] = [];
  let stopListening: () => void;

  beforeAll(async () => {
    t = await startTestApp();
    stopListening = onChange((change) => void changes.push(change));
    about = await createPage({ title: 'About', bodySource: 'About *us*.' });
    ({ admin, author } = await signInAdminAndAuthor(t.app));
  });
  afterAll(async () => {
    stopListening();
    await t.close();
  });

  it('sends anonymous visitors to sign in and refuses authors with 403', async () => {
    for (const path of [
      '/admin/pages',
      '/admin/pages/new',
      `/admin/pages/${about.id}/edit`,
      `/admin/pages/${about.id}/deletion`,
    ]) {
      await expectSignInRedirect(t.app, path);
      await author.get(path, 403);
    }
    for (const path of ['/admin/pages', `/admin/pages/${about.id}`, `/admin/pages/${about.id}/deletion`]) {
      await expectAnonymousPostRefused(t.app, path, { title: 'Defaced', bodySource: 'x' });
      await author.post(path, { title: 'Defaced', bodySource: 'x' }).expect(403);
    }
    expect((await db.page.findUniqueOrThrow({ where: { id: about.id } })).title).toBe('About');
    expect(await db.page.count()).toBe(1);
  });

  it('lists pages with their public address', async () => {
    const res = await admin.get('/admin/pages');
    expect(res.text).toContain(`href="/admin/pages/${about.id}/edit">About</a>`);
    expect(res.text).toContain('href="/pages/about"');
  });

  it('creates a page with a slug from its title, rendered through its text filter, and announces it', async () => {
    expect((await admin.get('/admin/pages/new')).text).toContain('name="textFilter"');
    changes.length = 0;
    await admin
      .post('/admin/pages', {
        title: 'Colophon & Credits',
        slug: '',
        bodySource: 'Set in *Garamond*.',
        textFilter: 'markdown',
      })
      .expect(303)
      .expect('Location', '/admin/pages');
    const page = await db.page.findUniqueOrThrow({ where: { slug: 'colophon-and-credits' } });
    expect(changes).toContainEqual({ type: 'page', id: page.id });
    const html = (await request(t.app).get('/pages/colophon-and-credits').expect(200)).text;
    expect(html).toContain('<em>Garamond</em>');
  });

  it.each([
    ['no title', { title: '  ' }, 'Give the page a title.'],
    ['a slug another page uses', { slug: 'about' }, 'Another page already uses the slug &#34;about&#34;.'],
    ['a slug with no letters', { slug: '!!!' }, 'The slug needs at least one letter or digit.'],
    ['an unknown text filter', { textFilter: 'textile' }, 'Choose one of: markdown'],
  ] as [string, Record<string, string>, string][])(
    'refuses %s with 422, keeping the input',
    async (_label, change, message) => {
      const fields = {
        title: 'Kept title',
        slug: 'kept-slug',
        bodySource: 'Kept body text',
        textFilter: 'markdown',
        ...change,
      };
      const res = await admin.post('/admin/pages', fields).expect(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('Kept body text</textarea>');
      expect(res.text).toContain(`value="${fields.slug}"`);
      expect(await db.page.count({ where: { bodySource: 'Kept body text' } })).toBe(0);
    },
  );

  it('edits a page and refuses a slug clash on update too', async () => {
    const other = await createPage({ title: 'Now', bodySource: 'What I do now.' });
    const form = await admin.get(`/admin/pages/${other.id}/edit`);
    expect(form.text).toContain('What I do now.</textarea>');
    const clash = await admin
      .post(`/admin/pages/${other.id}`, { title: 'Now', slug: 'about', bodySource: 'Changed', textFilter: 'markdown' })
      .expect(422);
    expect(clash.text).toContain('Another page already uses the slug');
    await admin
      .post(`/admin/pages/${other.id}`, {
        title: 'Now (2026)',
        slug: 'now',
        bodySource: 'Writing **Folio**.',
        textFilter: 'none',
      })
      .expect(303);
    const saved = await db.page.findUniqueOrThrow({ where: { id: other.id } });
    expect(saved).toMatchObject({ title: 'Now (2026)', slug: 'now', textFilter: 'none' });
    expect((await request(t.app).get('/pages/now').expect(200)).text).toContain('Writing **Folio**.');
    await admin.get('/admin/pages/424242/edit', 404);
    await admin.post('/admin/pages/424242', { title: 'x' }).expect(404);
  });

  it('refuses writes without a CSRF token, changing nothing', async () => {
    await expectCsrfRefused(admin, '/admin/pages', { title: 'Forged', bodySource: 'x' });
    await expectCsrfRefused(admin, `/admin/pages/${about.id}`, { title: 'Forged', bodySource: 'x' });
    await expectCsrfRefused(admin, `/admin/pages/${about.id}/deletion`);
    expect(await db.page.findUnique({ where: { id: about.id } })).toMatchObject({ title: 'About' });
    expect(await db.page.count({ where: { title: 'Forged' } })).toBe(0);
  });

  it('deletes a page after a confirmation step; a section showing it is kept without it', async () => {
    const doomed = await createPage({ title: 'Doomed', bodySource: 'Bye.' });
    const section = await createSection({ name: 'Doom', style: 'page', pageId: doomed.id });
    const confirm = await admin.get(`/admin/pages/${doomed.id}/deletion`);
    expect(confirm.text).toContain('Delete “Doomed”?');
    expect(confirm.text).toContain(`action="/admin/pages/${doomed.id}/deletion"`);
    changes.length = 0;
    await admin.post(`/admin/pages/${doomed.id}/deletion`).expect(303).expect('Location', '/admin/pages');
    expect(await db.page.findUnique({ where: { id: doomed.id } })).toBeNull();
    expect(changes).toContainEqual({ type: 'page', id: doomed.id });
    expect((await db.section.findUniqueOrThrow({ where: { id: section.id } })).pageId).toBeNull();
    await request(t.app).get('/pages/doomed').expect(404);
  });
});
