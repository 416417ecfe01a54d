import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { z } from 'zod';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import { capturedLog } from '#test/support/log.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { ada as adaUser } from '#test/fixtures/cast.ts';
import { db, type Article } from '#app/models/db.ts';

// A NUL or a lone surrogate cannot be stored as text: refused at the edge with a 400, whatever carried it.
describe('text that cannot be stored', () => {
  let t: TestApp;
  let ada: SignedInAgent;
  let article: Article;
  const log = capturedLog();
  const message = 'contains characters that cannot be stored';

  beforeAll(async () => {
    t = await startTestApp({ logger: log.logger });
    article = await createArticle({ author: await adaUser(), title: 'Open for comments' });
    ada = await signedInAgent(t.app, 'ada');
  });
  afterAll(() => t.close());

  it('refuses a comment form with %00 in the body, storing nothing', async () => {
    const before = await db.comment.count();
    const url = `/${article.publishedOn!.replaceAll('-', '/')}/${article.slug}/comments`;
    const res = await request(t.app).post(url).type('form').send('authorName=Reader&body=Hello%00there').expect(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain('Error 400');
    expect(await db.comment.count()).toBe(before);
    expect(log.events('input.refused').at(-1)).toMatchObject({ where: 'body', path: url });
  });

  it('refuses JSON with a lone surrogate or a NUL (autosave, preview), and a form field in the admin', async () => {
    const json = (path: string, raw: string) =>
      ada.agent.post(path).set('X-CSRF-Token', ada.csrf()).set('Accept', 'application/json').type('json').send(raw);
    const lone = await json(
      '/admin/articles/autosave',
      '{"title":"Broken \\ud800 title","body":"x","textFilter":"markdown"}',
    ).expect(400);
    expect(z.object({ error: z.string() }).parse(lone.body).error).toContain(message);
    await json('/admin/articles/preview', '{"title":"Nul \\u0000 title","body":"x","textFilter":"markdown"}').expect(
      400,
    );
    await json('/admin/articles/autosave', '{"tags":["ok","\\udc00"]}').expect(400);
    await json('/admin/articles/autosave', '{"\\ud800key":"x"}').expect(400);
    const before = await db.article.count();
    await ada
      .post('/admin/articles', { title: 'Nul\u0000title', body: 'b', textFilter: 'markdown', publishedAt: '' })
      .expect(400);
    expect(await db.article.count()).toBe(before);
  });

  it('accepts well-formed text, astral characters (surrogate pairs) included', async () => {
    const before = await db.article.count();
    await ada
      .post('/admin/articles', { title: 'Rocket 🚀 title', body: 'b 𝄞', textFilter: 'markdown', publishedAt: '' })
      .expect(303);
    expect(await db.article.count()).toBe(before + 1);
    await request(t.app).get('/search').query({ q: '🚀' }).expect(200);
  });

  it('refuses NUL in the query and the path', async () => {
    const query = await request(t.app).get('/search?q=a%00b').expect(400);
    expect(query.text).toContain(message);
    await request(t.app).get('/tag/a%00b').expect(400);
    await ada.agent.get('/admin/articles?q=%00').expect(400);
    expect(log.events('input.refused').map((e) => e.where)).toEqual(expect.arrayContaining(['query', 'address']));
  });

  it('refuses a NUL in a multipart upload field or file name', async () => {
    await ada.agent
      .post('/admin/assets')
      .set('X-CSRF-Token', ada.csrf())
      .field('note', 'a\u0000b')
      .attach('files', Buffer.from('GIF89a'), 'x.gif')
      .expect(400);
    await ada.agent
      .post('/admin/assets')
      .set('X-CSRF-Token', ada.csrf())
      .attach('files', Buffer.from('GIF89a'), 'bad\u0000name.gif')
      .expect(400);
    expect(await db.asset.count()).toBe(0);
  });
});
