import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { db, type User } from '#app/models/db.ts';
import { articleAtLocation, errorOf, scopedToken, tagsOf, tokenFor } from '#test/request/micropub/helpers.ts';

describe('Micropub update, delete and undelete', () => {
  let t: TestApp;
  let grace: User;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    grace = await cast.grace();
    token = await tokenFor(grace);
  });
  afterAll(() => t.close());

  const post = (as = token) => request(t.app).post('/micropub').set('Authorization', `Bearer ${as}`);
  async function created(properties: Record<string, unknown[]>) {
    const res = await post()
      .send({ type: ['h-entry'], properties })
      .expect(201);
    return res.headers.location!;
  }

  it('replaces content and name, keeping the permalink (204)', async () => {
    const url = await created({ name: ['Original'], content: ['Old text.'], category: ['keep'] });
    await post()
      .send({ action: 'update', url, replace: { content: ['New *text*.'], name: ['Renamed'] } })
      .expect(204);
    const article = await articleAtLocation(url);
    expect(article).toMatchObject({ title: 'Renamed', bodySource: 'New *text*.', textFilter: 'markdown' });
    expect(tagsOf(article)).toEqual(['keep']);
    const page = await request(t.app).get(new URL(url).pathname).expect(200);
    expect(page.text).toContain('<em>text</em>');
    expect(page.text).toContain('Renamed');
    expect(await db.revision.count({ where: { articleId: article.id } })).toBeGreaterThanOrEqual(2);
  });

  it('adds categories and deletes category values or whole properties', async () => {
    const url = await created({ name: ['Tagged'], content: ['x'], category: ['one', 'two'], summary: ['Short.'] });
    await post()
      .send({ action: 'update', url, add: { category: ['three'] } })
      .expect(204);
    expect(tagsOf(await articleAtLocation(url))).toEqual(['one', 'three', 'two']);
    await post()
      .send({ action: 'update', url, delete: { category: ['two'] } })
      .expect(204);
    expect(tagsOf(await articleAtLocation(url))).toEqual(['one', 'three']);
    await post()
      .send({ action: 'update', url, delete: ['category', 'summary'] })
      .expect(204);
    const article = await articleAtLocation(url);
    expect(tagsOf(article)).toEqual([]);
    expect(article.excerpt).toBe('');
    const tagPage = await request(t.app).get('/tag/one');
    expect(tagPage.text).not.toContain('Tagged');
  });

  it('answers 201 with the new URL when the update moves the post: a new slug, a draft published', async () => {
    const url = await created({ name: ['Movable'], content: ['x'] });
    const moved = await post()
      .send({ action: 'update', url, replace: { 'mp-slug': ['moved-here'] } })
      .expect(201);
    expect(moved.headers.location).toMatch(/\/moved-here$/);
    await request(t.app).get(new URL(moved.headers.location!).pathname).expect(200);
    const draftUrl = await created({ name: ['Drafted'], content: ['x'], 'post-status': ['draft'] });
    const published = await post()
      .send({ action: 'update', url: draftUrl, replace: { 'post-status': ['published'] } })
      .expect(201);
    expect(published.headers.location).toMatch(new RegExp(`^${testBaseUrl}/\\d{4}/\\d{2}/\\d{2}/drafted$`));
    // And back to a draft: its permalink no longer shows it.
    const unpublished = await post()
      .send({ action: 'update', url: published.headers.location, replace: { 'post-status': ['draft'] } })
      .expect(201);
    expect(unpublished.headers.location).toMatch(/\/admin\/articles\/\d+\/edit$/);
    await request(t.app).get(new URL(published.headers.location!).pathname).expect(404);
  });

  it('deletes into the trash and undeletes, by form and by JSON', async () => {
    const url = await created({ name: ['Short lived'], content: ['x'] });
    const path = new URL(url).pathname;
    await post().type('form').send({ action: 'delete', url }).expect(204);
    await request(t.app).get(path).expect(404);
    expect((await articleAtLocation(url)).state).toBe('deleted');
    expect((await request(t.app).get('/')).text).not.toContain('Short lived');
    // An update of a deleted post is refused until it is undeleted.
    expect(
      errorOf(
        await post()
          .send({ action: 'update', url, replace: { name: ['x'] } })
          .expect(400),
      ).error,
    ).toBe('invalid_request');
    await post().send({ action: 'undelete', url }).expect(204);
    await request(t.app).get(path).expect(200);
    await post().send({ action: 'delete', url }).expect(204);
    await post().type('form').send({ action: 'undelete', url }).expect(204);
    expect((await articleAtLocation(url)).state).toBe('published');
  });

  it('checks the scope of each action', async () => {
    const url = await created({ name: ['Scoped'], content: ['x'] });
    const createOnly = await scopedToken(grace, 'create');
    const update = await post(createOnly)
      .send({ action: 'update', url, replace: { name: ['y'] } })
      .expect(401);
    expect(errorOf(update)).toMatchObject({ error: 'insufficient_scope', scope: 'update' });
    expect(errorOf(await post(createOnly).send({ action: 'delete', url }).expect(401)).scope).toBe('delete');
    const deleteOnly = await scopedToken(grace, 'delete');
    await post(deleteOnly).send({ action: 'delete', url }).expect(204);
    expect(errorOf(await post(deleteOnly).send({ action: 'undelete', url }).expect(401)).scope).toBe('undelete');
  });

  it('refuses URLs of other sites, of no post, and of another author’s post', async () => {
    const refusal = async (url: unknown, status = 400) =>
      errorOf(
        await post()
          .send({ action: 'update', url, replace: { name: ['x'] } })
          .expect(status),
      );
    expect((await refusal('https://elsewhere.example/2025/01/01/post')).error).toBe('invalid_request');
    expect((await refusal(`${testBaseUrl}/2001/01/01/nothing-here`)).error).toBe('invalid_request');
    expect((await refusal('not a url')).error).toBe('invalid_request');
    expect((await refusal(undefined)).error).toBe('invalid_request');
    const alans = await createArticle({ author: await cast.alan(), title: 'Alan’s' });
    const [y, m, d] = alans.publishedOn!.split('-');
    expect((await refusal(`${testBaseUrl}/${y}/${m}/${d}/${alans.slug}`, 403)).error).toBe('forbidden');
    expect(errorOf(await post().send({ action: 'archive', url: testBaseUrl }).expect(400)).error).toBe(
      'invalid_request',
    );
    expect(
      errorOf(
        await post()
          .send({ action: 'update', url: `${testBaseUrl}/x`, replace: { name: 'not a list' } })
          .expect(400),
      ).error,
    ).toBe('invalid_request');
  });
});
