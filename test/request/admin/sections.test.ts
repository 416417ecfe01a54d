import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { createArticle, createPage, createSection } from '#test/fixtures/factories.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { onChange, type RecordChange } from '#app/models/changes.ts';
import { navigationSections } from '#app/models/section.ts';
import { db, type Page, type Section } from '#app/models/db.ts';

describe('admin sections', () => {
  let t: TestApp;
  let essays: Section;
  let about: Page;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  const changes: RecordChange[] = [];
  let stopListening: () => void;
  /** The public navigation, as this process serves it (no waiting for the cache). */
  const navigation = async () => (await navigationSections()).map((s) => s.name);

  beforeAll(async () => {
    t = await startTestApp();
    stopListening = onChange((change) => void changes.push(change));
    essays = await createSection({ name: 'Essays', position: 0 });
    await createSection({ name: 'Notes', position: 1 });
    await createSection({ name: 'Links', position: 2 });
    about = await createPage({ title: 'About' });
    ({ admin, author } = await signInAdminAndAuthor(t.app));
  });
  afterAll(async () => {
    stopListening();
    await t.close();
  });

  it('sends anonymous visitors to sign in and refuses authors with 403', async () => {
    for (const path of ['/admin/sections', '/admin/sections/new', `/admin/sections/${essays.id}/edit`]) {
      await expectSignInRedirect(t.app, path);
      await author.get(path, 403);
    }
    for (const path of [
      '/admin/sections',
      `/admin/sections/${essays.id}`,
      `/admin/sections/${essays.id}/position`,
      `/admin/sections/${essays.id}/deletion`,
    ]) {
      await expectAnonymousPostRefused(t.app, path, { name: 'Hijacked', style: 'blog', move: 'down' });
      await author.post(path, { name: 'Hijacked', style: 'blog', move: 'down' }).expect(403);
    }
    expect(await navigation()).toEqual(['Essays', 'Notes', 'Links']);
  });

  it('lists sections in navigation order', async () => {
    const res = await admin.get('/admin/sections');
    expect(res.text.indexOf('>Essays</a>')).toBeLessThan(res.text.indexOf('>Notes</a>'));
    expect(res.text.indexOf('>Notes</a>')).toBeLessThan(res.text.indexOf('>Links</a>'));
    expect(res.text).toContain(`action="/admin/sections/${essays.id}/position"`);
  });

  it('creates a blog section at the end of the navigation, and the public site shows it at once', async () => {
    changes.length = 0;
    await admin
      .post('/admin/sections', { name: 'Travel Diary', slug: '', style: 'blog', pageId: '' })
      .expect(303)
      .expect('Location', '/admin/sections');
    const created = await db.section.findUniqueOrThrow({ where: { slug: 'travel-diary' } });
    expect(changes).toContainEqual({ type: 'section', id: created.id });
    expect(await navigation()).toEqual(['Essays', 'Notes', 'Links', 'Travel Diary']);
    expect((await request(t.app).get('/').expect(200)).text).toContain('href="/section/travel-diary"');
  });

  it('creates a page-style section that shows its page', async () => {
    await admin
      .post('/admin/sections', { name: 'Who', slug: 'who', style: 'page', pageId: String(about.id) })
      .expect(303);
    expect((await db.section.findUniqueOrThrow({ where: { slug: 'who' } })).pageId).toBe(about.id);
    expect((await request(t.app).get('/section/who').expect(200)).text).toContain('Page text.');
  });

  it.each([
    ['no name', { name: ' ' }, 'Give the section a name.'],
    ['a slug another section uses', { slug: 'notes' }, 'Another section already uses the slug &#34;notes&#34;.'],
    ['an unknown style', { style: 'gallery' }, 'The style must be blog or page.'],
    ['a page style without a page', { style: 'page', pageId: '' }, 'Choose the page this section shows.'],
    ['a page style with a missing page', { style: 'page', pageId: '999999' }, 'Choose the page this section shows.'],
  ] as [string, Record<string, string>, string][])(
    'refuses %s with 422, keeping the input',
    async (_label, change, message) => {
      const fields = { name: 'Kept name', slug: 'kept-slug', style: 'blog', pageId: '', ...change };
      const res = await admin.post('/admin/sections', fields).expect(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`value="${fields.slug}"`);
      expect(await db.section.count({ where: { slug: fields.slug } })).toBe(fields.slug === 'notes' ? 1 : 0);
    },
  );

  it('edits a section and forgets the cached navigation', async () => {
    await navigation();
    const form = await admin.get(`/admin/sections/${essays.id}/edit`);
    expect(form.text).toContain('value="Essays"');
    const bad = await admin
      .post(`/admin/sections/${essays.id}`, { name: 'Long reads', slug: 'links', style: 'blog' })
      .expect(422);
    expect(bad.text).toContain('value="Long reads"');
    await admin.post(`/admin/sections/${essays.id}`, { name: 'Long reads', slug: 'essays', style: 'blog' }).expect(303);
    expect(await navigation()).toContain('Long reads');
    await admin.get('/admin/sections/999999/edit', 404);
  });

  it('moves a section up, down and to a position, renumbering them all', async () => {
    const links = await db.section.findUniqueOrThrow({ where: { slug: 'links' } });
    const start = await navigation();
    expect(start.slice(0, 3)).toEqual(['Long reads', 'Notes', 'Links']);
    changes.length = 0;
    await admin
      .post(`/admin/sections/${links.id}/position`, { move: 'up' })
      .expect(303)
      .expect('Location', '/admin/sections');
    expect((await navigation()).slice(0, 3)).toEqual(['Long reads', 'Links', 'Notes']);
    expect(changes).toContainEqual({ type: 'section', id: links.id });
    await admin.post(`/admin/sections/${links.id}/position`, { position: '1' }).expect(303);
    expect((await navigation()).slice(0, 3)).toEqual(['Links', 'Long reads', 'Notes']);
    await admin.post(`/admin/sections/${links.id}/position`, { move: 'up' }).expect(303);
    expect((await navigation())[0]).toBe('Links');
    await admin.post(`/admin/sections/${links.id}/position`, { move: 'down' }).expect(303);
    expect((await navigation()).slice(0, 2)).toEqual(['Long reads', 'Links']);
    await admin.post(`/admin/sections/${links.id}/position`, { position: '99' }).expect(303);
    expect((await navigation()).at(-1)).toBe('Links');
    const positions = (await db.section.findMany({ orderBy: { position: 'asc' } })).map((s) => s.position);
    expect(positions).toEqual(positions.map((_, i) => i));
    const bad = await admin.post(`/admin/sections/${links.id}/position`, { position: 'first' }).expect(422);
    expect(bad.text).toContain('Give a position of 1 or more');
  });

  it('refuses writes without a CSRF token, changing nothing', async () => {
    const before = await navigation();
    await expectCsrfRefused(admin, '/admin/sections', { name: 'Forged', style: 'blog' });
    await expectCsrfRefused(admin, `/admin/sections/${essays.id}`, { name: 'Forged', style: 'blog' });
    await expectCsrfRefused(admin, `/admin/sections/${essays.id}/position`, { move: 'down' });
    await expectCsrfRefused(admin, `/admin/sections/${essays.id}/deletion`);
    expect(await navigation()).toEqual(before);
  });

  it('deletes a section, keeping its articles', async () => {
    const notes = await db.section.findUniqueOrThrow({ where: { slug: 'notes' } });
    const article = await createArticle({ title: 'A note', sectionId: notes.id });
    const list = await admin.get('/admin/sections');
    expect(list.text).toMatch(new RegExp(`action="/admin/sections/${notes.id}/deletion"[^>]*data-confirm=`));
    await admin.post(`/admin/sections/${notes.id}/deletion`).expect(303);
    expect(await db.section.findUnique({ where: { id: notes.id } })).toBeNull();
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).sectionId).toBeNull();
    expect(await navigation()).not.toContain('Notes');
    await request(t.app).get('/section/notes').expect(404);
  });
});
