import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import * as cast from '#test/fixtures/cast.ts';
import { db, type User } from '#app/models/db.ts';
import { articleAtLocation, errorOf, pngBytes, scopedToken, tagsOf, tokenFor } from '#test/request/micropub/helpers.ts';

describe('Micropub create: form-encoded, JSON and multipart', () => {
  let t: TestApp;
  let grace: User;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    grace = await cast.grace();
    token = await tokenFor(grace);
  });
  afterAll(() => t.close());

  const post = () => request(t.app).post('/micropub').set('Authorization', `Bearer ${token}`);

  it('creates a published note from a form (h=entry, content, category[]), answering 201 with its permalink', async () => {
    const res = await post()
      .type('form')
      .send('h=entry&content=Hello+*world*.+This+is+a+note+from+a+client.&category[]=indieweb&category[]=micropub')
      .expect(201);
    const location = res.headers.location!;
    expect(location).toMatch(new RegExp(`^${testBaseUrl}/\\d{4}/\\d{2}/\\d{2}/hello-world`));
    const article = await articleAtLocation(location);
    expect(article).toMatchObject({ state: 'published', textFilter: 'markdown', authorId: grace.id });
    expect(article.title).toBe('Hello *world*. This is a note from a client.'.replace(/\*/g, ' ').replace(/\s+/g, ' '));
    expect(article.bodyHtml).toContain('<em>world</em>');
    expect(tagsOf(article)).toEqual(['indieweb', 'micropub']);
    const page = await request(t.app).get(new URL(location).pathname).expect(200);
    expect(page.text).toContain('<em>world</em>');
    // Every save keeps a revision by the client's user, as in the admin.
    expect(await db.revision.count({ where: { articleId: article.id } })).toBeGreaterThan(0);
  });

  it('takes name, a single category, mp-slug, summary, published and the token in the body', async () => {
    const res = await request(t.app)
      .post('/micropub')
      .type('form')
      .send({
        access_token: token,
        h: 'entry',
        name: 'A titled article',
        content: 'The body.',
        category: 'solo',
        'mp-slug': 'chosen-slug',
        summary: 'In short.',
        published: '2025-03-04T10:00:00Z',
      })
      .expect(201);
    expect(res.headers.location).toBe(`${testBaseUrl}/2025/03/04/chosen-slug`);
    const article = await articleAtLocation(res.headers.location!);
    expect(article).toMatchObject({ title: 'A titled article', excerpt: 'In short.', slug: 'chosen-slug' });
    expect(article.publishedAt?.toISOString()).toBe('2025-03-04T10:00:00.000Z');
    expect(tagsOf(article)).toEqual(['solo']);
  });

  it('creates from JSON, with HTML content still sanitised, and photos by URL with alt text', async () => {
    const res = await post()
      .send({
        type: ['h-entry'],
        properties: {
          name: ['JSON post'],
          content: [{ html: '<p>Rich <b>text</b></p><script>alert(1)</script>' }],
          category: ['json', 'html'],
          photo: ['https://photos.example/a.jpg', { value: 'https://photos.example/b.jpg', alt: 'A bee' }],
          'unknown-property': ['ignored'],
        },
      })
      .expect(201);
    const article = await articleAtLocation(res.headers.location!);
    expect(article.textFilter).toBe('none');
    expect(article.bodyHtml).toContain('<b>text</b>');
    expect(article.bodyHtml).not.toContain('<script');
    expect(article.bodyHtml).toContain('src="https://photos.example/a.jpg"');
    expect(article.bodyHtml).toMatch(
      /src="https:\/\/photos\.example\/b\.jpg"[^>]*alt="A bee"|alt="A bee"[^>]*src="https:\/\/photos\.example\/b\.jpg"/,
    );
    expect(tagsOf(article)).toEqual(['html', 'json']);
  });

  it('saves a draft (post-status), a scheduled post (future published), and answers a draft with its admin address', async () => {
    const draft = await post()
      .send({ type: ['h-entry'], properties: { name: ['Drafty'], content: ['x'], 'post-status': ['draft'] } })
      .expect(201);
    expect(draft.headers.location).toMatch(new RegExp(`^${testBaseUrl}/admin/articles/\\d+/edit$`));
    expect((await articleAtLocation(draft.headers.location!)).state).toBe('draft');
    const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const scheduled = await post()
      .type('form')
      .send({ h: 'entry', name: 'Later', content: 'Soon.', published: future })
      .expect(201);
    const article = await articleAtLocation(scheduled.headers.location!);
    expect(article.state).toBe('published');
    expect(article.publishedAt!.getTime()).toBeGreaterThan(Date.now());
    await request(t.app).get(new URL(scheduled.headers.location!).pathname).expect(404);
    expect((await request(t.app).get('/')).text).not.toContain('Later');
  });

  it('stores multipart photos like admin uploads (re-encoded) and shows them in the post', async () => {
    const res = await post()
      .field('h', 'entry')
      .field('content', 'With a picture.')
      .field('category[]', 'photos')
      .attach('photo', await pngBytes(), 'sunset.png')
      .expect(201);
    const article = await articleAtLocation(res.headers.location!);
    const asset = await db.asset.findFirstOrThrow({ where: { originalName: 'sunset.png' } });
    expect(asset.uploaderId).toBe(grace.id);
    expect(article.bodySource).toContain(`/uploads/${asset.storedName}`);
    const page = await request(t.app).get(new URL(res.headers.location!).pathname).expect(200);
    expect(page.text).toContain(`/uploads/${asset.storedName}`);
    await request(t.app).get(`/uploads/${asset.storedName}`).expect(200).expect('Content-Type', 'image/png');
  });

  it('refuses a multipart photo that is not an image it accepts, storing nothing', async () => {
    const before = await db.asset.count();
    const res = await post()
      .field('h', 'entry')
      .field('content', 'Bad file')
      .attach('photo', Buffer.from('not an image at all'), 'x.png')
      .expect(400);
    expect(errorOf(res).error).toBe('invalid_request');
    expect(await db.asset.count()).toBe(before);
    expect(await db.article.count({ where: { bodySource: 'Bad file' } })).toBe(0);
  });

  it('refuses a photo that is a file of another kind the library accepts (a PDF), keeping none of it', async () => {
    const before = await db.asset.count();
    const res = await post()
      .field('h', 'entry')
      .field('content', 'Not a photo')
      .attach('photo', readFileSync(path.join(import.meta.dirname, '../../fixtures/files/sample.pdf')), 'report.pdf')
      .expect(400);
    expect(errorOf(res).error_description).toContain('"report.pdf" is not');
    expect(await db.asset.count()).toBe(before);
    expect(await db.article.count({ where: { bodySource: 'Not a photo' } })).toBe(0);
  });

  it('lets a draft-only token create drafts only, and refuses tokens without a create scope', async () => {
    const draftToken = await scopedToken(grace, 'draft');
    const res = await request(t.app)
      .post('/micropub')
      .set('Authorization', `Bearer ${draftToken}`)
      .type('form')
      .send({ h: 'entry', name: 'Forced draft', content: 'x' })
      .expect(201);
    expect((await articleAtLocation(res.headers.location!)).state).toBe('draft');
    const mediaOnly = await scopedToken(grace, 'media');
    const refused = await request(t.app)
      .post('/micropub')
      .set('Authorization', `Bearer ${mediaOnly}`)
      .type('form')
      .send({ h: 'entry', content: 'x' })
      .expect(401);
    expect(refused.body).toMatchObject({ error: 'insufficient_scope', scope: 'create' });
  });

  it('refuses bad requests with the spec’s JSON errors', async () => {
    const noToken = await request(t.app).post('/micropub').type('form').send({ h: 'entry', content: 'x' }).expect(401);
    expect(errorOf(noToken).error).toBe('unauthorized');
    expect(noToken.headers['www-authenticate']).toMatch(/^Bearer/);
    const badToken = await request(t.app)
      .post('/micropub')
      .set('Authorization', 'Bearer nonsense')
      .type('form')
      .send({ h: 'entry', content: 'x' })
      .expect(401);
    expect(errorOf(badToken).error).toBe('unauthorized');
    const both = await post().type('form').send({ access_token: token, h: 'entry', content: 'x' }).expect(400);
    expect(errorOf(both).error).toBe('invalid_request');
    const inQuery = await request(t.app)
      .post(`/micropub?access_token=${token}`)
      .type('form')
      .send({ h: 'entry', content: 'x' })
      .expect(400);
    expect(errorOf(inQuery).error).toBe('invalid_request');
    const empty = await post().type('form').send({ h: 'entry' }).expect(400);
    expect(errorOf(empty).error_description).toMatch(/name, some content or a photo/);
    expect(errorOf(await post().type('form').send({ h: 'event', name: 'Party' }).expect(400)).error).toBe(
      'invalid_request',
    );
    expect(
      errorOf(await post().type('form').send({ h: 'entry', content: 'x', published: 'yesterday' }).expect(400)).error,
    ).toBe('invalid_request');
    expect(
      errorOf(await post().type('form').send({ h: 'entry', content: 'x', 'post-status': 'secret' }).expect(400)).error,
    ).toBe('invalid_request');
    expect(
      errorOf(
        await post()
          .send({ type: ['h-entry'], properties: { content: 'not a list' } })
          .expect(400),
      ).error,
    ).toBe('invalid_request');
    expect(
      errorOf(
        await post()
          .send({ type: ['h-entry'], properties: { content: ['x'], photo: ['javascript:alert(1)'] } })
          .expect(400),
      ).error,
    ).toBe('invalid_request');
    const malformed = await post().set('Content-Type', 'application/json').send('{"type": ').expect(400);
    expect(errorOf(malformed).error).toBe('invalid_request');
    expect(
      errorOf(
        await post()
          .send({ type: ['h-entry'], properties: { content: ['x\u0000y'] } })
          .expect(400),
      ).error,
    ).toBe('invalid_request');
    const clash = await post()
      .type('form')
      .send({ h: 'entry', name: 'Clash', 'mp-slug': 'chosen-slug', published: '2025-03-04T11:00:00Z' })
      .expect(400);
    expect(errorOf(clash).error_description).toMatch(/already uses the slug/);
  });
});
