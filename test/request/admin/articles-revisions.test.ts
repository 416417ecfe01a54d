import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle, createComment } from '#test/fixtures/factories.ts';
import { db, type User } from '#app/models/db.ts';
import { articlePath } from '#app/helpers/permalinks.ts';

describe('admin articles: revisions and deletion', () => {
  let t: TestApp;
  let grace: User, alan: User;
  let asAdmin: SignedInAgent, asGrace: SignedInAgent;
  const inputMinute = (date: Date) => date.toISOString().slice(0, 16);

  /** A published article of Grace's saved twice through the editor: two revisions. */
  async function editedTwice(title: string) {
    const article = await createArticle({ author: grace, title, bodySource: 'unused' });
    const form = {
      title,
      slug: article.slug,
      textFilter: 'markdown',
      allowComments: '1',
      publishedAt: inputMinute(article.publishedAt!),
      intent: 'publish',
    };
    await asGrace
      .post(`/admin/articles/${article.id}`, { ...form, body: 'The first version <script>x</script>' })
      .expect(303);
    await asGrace
      .post(`/admin/articles/${article.id}`, { ...form, title: `${title} v2`, body: 'The second version' })
      .expect(303);
    const revisions = await db.revision.findMany({ where: { articleId: article.id }, orderBy: { id: 'asc' } });
    return { article: await db.article.findUniqueOrThrow({ where: { id: article.id } }), revisions };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await cast.ada();
    grace = await cast.grace();
    alan = await cast.alan();
    asAdmin = await signedInAgent(t.app, 'ada');
    asGrace = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  it('lists an article’s revisions, newest first, to its author and admins only', async () => {
    const { article, revisions } = await editedTwice('Listed');
    expect(revisions).toHaveLength(2);
    const list = await asGrace.get(`/admin/articles/${article.id}/revisions`);
    const [older, newer] = revisions;
    expect(list.text.indexOf(`/revisions/${newer!.id}"`)).toBeLessThan(list.text.indexOf(`/revisions/${older!.id}"`));
    expect(list.text).toContain(`action="/admin/articles/${article.id}/revisions/${older!.id}/restoration"`);
    await asAdmin.get(`/admin/articles/${article.id}/revisions`);
    const asAlan = await signedInAgent(t.app, 'alan');
    await asAlan.get(`/admin/articles/${article.id}/revisions`, 404);
    await asAlan.get(`/admin/articles/${article.id}/revisions/${older!.id}`, 404);
    await request(t.app).get(`/admin/articles/${article.id}/revisions`).expect(303);
  });

  it('shows a revision as an escaped word diff against the current text', async () => {
    const { article, revisions } = await editedTwice('Diffed');
    const res = await asGrace.get(`/admin/articles/${article.id}/revisions/${revisions[0]!.id}`);
    expect(res.text).toContain('<del>first</del>');
    expect(res.text).toContain('<ins>second</ins>');
    expect(res.text).toContain('&#60;script&#62;x&#60;/script&#62;');
    expect(res.text).not.toContain('<script>x</script>');
    expect(res.text).toContain('Diffed<ins> v2</ins>');
  });

  it('answers 404 for a revision of another article, and for malformed revision ids', async () => {
    const one = await editedTwice('One');
    const two = await editedTwice('Two');
    await asGrace.get(`/admin/articles/${one.article.id}/revisions/${two.revisions[0]!.id}`, 404);
    await asGrace.post(`/admin/articles/${one.article.id}/revisions/${two.revisions[0]!.id}/restoration`).expect(404);
    for (const id of ['x', '0', '99999999999'])
      await asGrace.get(`/admin/articles/${one.article.id}/revisions/${id}`, 404);
  });

  it('restores a revision: keeps the current text as a revision first, leaves the state and address alone', async () => {
    const { article, revisions } = await editedTwice('Restored');
    const path = articlePath(article);
    await asGrace.agent
      .post(`/admin/articles/${article.id}/revisions/${revisions[0]!.id}/restoration`)
      .type('form')
      .send({})
      .expect(403);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).bodySource).toBe('The second version');

    const res = await asGrace
      .post(`/admin/articles/${article.id}/revisions/${revisions[0]!.id}/restoration`)
      .expect(303);
    expect(res.headers.location).toBe(`/admin/articles/${article.id}/edit`);
    const after = await db.article.findUniqueOrThrow({ where: { id: article.id } });
    expect(after).toMatchObject({
      title: 'Restored',
      bodySource: 'The first version <script>x</script>',
      state: 'published',
      slug: article.slug,
      publishedOn: article.publishedOn,
    });
    expect(after.publishedAt).toEqual(article.publishedAt);
    const kept = await db.revision.findMany({ where: { articleId: article.id }, orderBy: { id: 'desc' } });
    expect(kept).toHaveLength(3);
    expect(kept[0]).toMatchObject({
      kind: 'save',
      title: 'Restored v2',
      bodySource: 'The second version',
      authorId: grace.id,
    });
    const page = await request(t.app).get(path).expect(200);
    expect(page.text).toContain('The first version');
    expect((await asGrace.get(res.headers.location!)).text).toContain('Restored the text from');
  });

  it('asks for confirmation before deleting, then deletes the article, its comments and revisions', async () => {
    const { article } = await editedTwice('Doomed');
    await createComment(article, { body: 'A comment' }, 'approved');
    const confirm = await asGrace.get(`/admin/articles/${article.id}/deletion`);
    expect(confirm.text).toContain('Delete “Doomed v2”?');
    expect(confirm.text).toMatch(
      new RegExp(`<form method="post" action="/admin/articles/${article.id}/deletion"[^>]*data-confirm=`),
    );
    expect(confirm.text).toContain('name="_csrf"');

    await asGrace.agent.post(`/admin/articles/${article.id}/deletion`).type('form').send({}).expect(403);
    const asAlan = await signedInAgent(t.app, 'alan');
    await asAlan.get(`/admin/articles/${article.id}/deletion`, 404);
    await asAlan.post(`/admin/articles/${article.id}/deletion`).expect(404);
    await request(t.app).get(`/admin/articles/${article.id}/deletion`).expect(303);
    expect(await db.article.count({ where: { id: article.id } })).toBe(1);

    const res = await asGrace.post(`/admin/articles/${article.id}/deletion`).expect(303);
    expect(res.headers.location).toBe('/admin/articles');
    expect(await db.article.count({ where: { id: article.id } })).toBe(0);
    expect(await db.revision.count({ where: { articleId: article.id } })).toBe(0);
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
    await request(t.app).get(articlePath(article)).expect(404);
    expect((await asGrace.get('/admin/articles')).text).toContain('Deleted “Doomed v2”.');
    await asGrace.get(`/admin/articles/${article.id}/deletion`, 404);
  });

  it('lets an admin delete another author’s article', async () => {
    const article = await createArticle({ author: alan, title: 'Alan’s to go' });
    await asAdmin.get(`/admin/articles/${article.id}/deletion`);
    await asAdmin.post(`/admin/articles/${article.id}/deletion`).expect(303);
    expect(await db.article.count({ where: { id: article.id } })).toBe(0);
  });
});
