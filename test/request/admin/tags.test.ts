import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { onChange, type RecordChange } from '#app/models/changes.ts';
import { db, type Article } from '#app/models/db.ts';

describe('admin tags', () => {
  let t: TestApp;
  let first: Article;
  let second: Article;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  const changes: RecordChange[] = [];
  let stopListening: () => void;
  const tag = (slug: string) => db.tag.findUnique({ where: { slug }, include: { taggings: true } });
  const tagId = async (slug: string) => (await db.tag.findUniqueOrThrow({ where: { slug } })).id;

  beforeAll(async () => {
    t = await startTestApp();
    stopListening = onChange((change) => void changes.push(change));
    first = await createArticle({ title: 'First', tags: ['Ruby', 'rails', 'web'] });
    second = await createArticle({ title: 'Second', tags: ['Ruby', 'RubyOnRails', 'misc'] });
    ({ admin, author } = await signInAdminAndAuthor(t.app));
  });
  afterAll(async () => {
    stopListening();
    await t.close();
  });

  it('sends anonymous visitors to sign in and refuses authors with 403', async () => {
    const ruby = await tagId('ruby');
    for (const path of ['/admin/tags', `/admin/tags/${ruby}/edit`]) {
      await expectSignInRedirect(t.app, path);
      await author.get(path, 403);
    }
    for (const path of [`/admin/tags/${ruby}`, `/admin/tags/${ruby}/merger`, `/admin/tags/${ruby}/deletion`]) {
      await expectAnonymousPostRefused(t.app, path, { name: 'Python', into: String(await tagId('web')) });
      await author.post(path, { name: 'Python', into: String(await tagId('web')) }).expect(403);
    }
    expect((await tag('ruby'))!.taggings).toHaveLength(2);
  });

  it('lists every tag with its article count', async () => {
    const res = await admin.get('/admin/tags');
    expect(res.text).toMatch(/>Ruby<\/a><\/td>\s*<td><a href="\/tag\/ruby"[^>]*>\/tag\/ruby<\/a><\/td>\s*<td>2<\/td>/);
    expect(res.text).toMatch(/>web<\/a><\/td>\s*<td>[^\n]*<\/td>\s*<td>1<\/td>/);
  });

  it('renames a tag (its address follows) and announces it', async () => {
    const web = await tagId('web');
    expect((await admin.get(`/admin/tags/${web}/edit`)).text).toContain('value="web"');
    changes.length = 0;
    await admin.post(`/admin/tags/${web}`, { name: 'The Web' }).expect(303).expect('Location', '/admin/tags');
    expect(await db.tag.findUniqueOrThrow({ where: { id: web } })).toMatchObject({ name: 'The Web', slug: 'the-web' });
    expect(changes).toContainEqual({ type: 'tag', id: web });
    expect((await request(t.app).get('/tag/the-web').expect(200)).text).toContain('First');
    await request(t.app).get('/tag/web').expect(404);
  });

  it.each([
    ['an empty name', { name: '  ' }, 'The name needs at least one letter or digit.'],
    [
      'the name of another tag',
      { name: 'RUBY' },
      'The tag &#34;Ruby&#34; already has that name: merge into it instead.',
    ],
  ] as [string, Record<string, string>, string][])(
    'refuses to rename to %s with 422, keeping the input',
    async (_label, fields, message) => {
      const rails = await tagId('rails');
      const res = await admin.post(`/admin/tags/${rails}`, fields).expect(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`value="${fields.name}"`);
      expect((await db.tag.findUniqueOrThrow({ where: { id: rails } })).name).toBe('rails');
    },
  );

  it('merges a tag into another: articles keep one tagging, the old tag is gone', async () => {
    const rails = await tagId('rails');
    const rubyOnRails = await tagId('rubyonrails');
    const bad = await admin.post(`/admin/tags/${rubyOnRails}/merger`, { into: '' }).expect(422);
    expect(bad.text).toContain('Choose the tag to merge into.');
    await admin.post(`/admin/tags/${rubyOnRails}/merger`, { into: String(rubyOnRails) }).expect(422);
    changes.length = 0;
    await admin
      .post(`/admin/tags/${rubyOnRails}/merger`, { into: String(rails) })
      .expect(303)
      .expect('Location', '/admin/tags');
    expect(await tag('rubyonrails')).toBeNull();
    expect((await tag('rails'))!.taggings.map((x) => x.articleId).sort()).toEqual([first.id, second.id].sort());
    expect(changes).toEqual(
      expect.arrayContaining([
        { type: 'tag', id: rubyOnRails },
        { type: 'tag', id: rails },
      ]),
    );
  });

  it('refuses writes without a CSRF token, changing nothing', async () => {
    const ruby = await tagId('ruby');
    await expectCsrfRefused(admin, `/admin/tags/${ruby}`, { name: 'Forged' });
    await expectCsrfRefused(admin, `/admin/tags/${ruby}/merger`, { into: String(await tagId('misc')) });
    await expectCsrfRefused(admin, `/admin/tags/${ruby}/deletion`);
    expect((await tag('ruby'))!.taggings).toHaveLength(2);
  });

  it('deletes a tag and its taggings, keeping the articles', async () => {
    const misc = await tagId('misc');
    changes.length = 0;
    await admin.post(`/admin/tags/${misc}/deletion`).expect(303).expect('Location', '/admin/tags');
    expect(await tag('misc')).toBeNull();
    expect(await db.tagging.count({ where: { tagId: misc } })).toBe(0);
    expect(await db.article.findUnique({ where: { id: second.id } })).not.toBeNull();
    expect(changes).toContainEqual({ type: 'tag', id: misc });
    await admin.post(`/admin/tags/${misc}/deletion`).expect(404);
    await admin.get('/admin/tags/abc/edit', 404);
  });
});
