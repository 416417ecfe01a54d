import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { createAccountFor, signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import { capturedLog } from '#test/support/log.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { ada as adaUser } from '#test/fixtures/cast.ts';
import { db, type Article } from '#app/models/db.ts';

// A second layer behind the tokens: a write a browser says came from another site is refused, even with a valid token.
describe('cross-site writes', () => {
  let t: TestApp;
  let ada: SignedInAgent;
  let article: Article;
  const log = capturedLog();
  const draft = (title: string) => ({ title, body: `Body of ${title}`, textFilter: 'markdown', publishedAt: '' });
  const articleCount = () => db.article.count();

  beforeAll(async () => {
    t = await startTestApp({ logger: log.logger });
    article = await createArticle({ author: await adaUser(), title: 'Open for comments' });
    await createAccountFor('ada-admin', 'admin');
    ada = await signedInAgent(t.app, 'ada-admin');
  });
  afterAll(() => t.close());

  it('refuses an admin write with a valid token from a foreign Origin, with a themed 403 and a logged event', async () => {
    const before = await articleCount();
    const res = await ada.post('/admin/articles', draft('Forged')).set('Origin', 'https://evil.example').expect(403);
    expect(res.text).toContain('sent from another site');
    expect(res.text).toContain('<h1>Not allowed</h1>');
    expect(await articleCount()).toBe(before);
    const [event] = log.events('cross-site.refused');
    expect(event).toMatchObject({
      event: 'cross-site.refused',
      user: 'ada-admin',
      origin: 'https://evil.example',
      method: 'POST',
      path: '/admin/articles',
    });
    expect(event!.reqId).toBe(res.headers['x-request-id']);
    expect(typeof event!.ip).toBe('string');
  });

  it('refuses Sec-Fetch-Site: cross-site, and same-site from another origin, whatever the Origin says', async () => {
    const before = await articleCount();
    await ada
      .post('/admin/articles', draft('Cross'))
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', testBaseUrl)
      .expect(403);
    await ada
      .post('/admin/articles', draft('Sibling'))
      .set('Sec-Fetch-Site', 'same-site')
      .set('Origin', 'http://evil.blog.test')
      .expect(403);
    await ada.post('/admin/articles', draft('Null')).set('Origin', 'null').expect(403);
    expect(await articleCount()).toBe(before);
  });

  it('accepts same-origin writes, by Fetch Metadata or Origin (the base URL or the request host), and those with neither header', async () => {
    const before = await articleCount();
    await ada
      .post('/admin/articles', draft('Same origin'))
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Origin', testBaseUrl)
      .expect(303);
    await ada.post('/admin/articles', draft('Typed')).set('Sec-Fetch-Site', 'none').expect(303);
    await ada.post('/admin/articles', draft('Base URL')).set('Origin', testBaseUrl).expect(303);
    await ada
      .post('/admin/articles', draft('Own host'))
      .set('Host', 'other.test:8080')
      .set('Origin', 'http://other.test:8080')
      .expect(303);
    await ada.post('/admin/articles', draft('Old client')).expect(303);
    expect(await articleCount()).toBe(before + 5);
  });

  it('refuses a cross-site comment and a cross-site sign-in before they are looked at', async () => {
    const before = await db.comment.count();
    const url = `/${article.publishedOn!.replaceAll('-', '/')}/${article.slug}/comments`;
    const res = await request(t.app)
      .post(url)
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ authorName: 'Bot', body: 'Buy now' })
      .expect(403);
    expect(res.text).toContain('Error 403');
    await request(t.app)
      .post(url)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ authorName: 'Bot', body: 'Buy now' })
      .expect(403);
    await request(t.app)
      .post('/admin/sign-in')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ login: 'ada-admin', password: 'x' })
      .expect(403);
    expect(await db.comment.count()).toBe(before);
  });

  it('leaves reading alone: a cross-site GET is served', async () => {
    await request(t.app).get('/').set('Sec-Fetch-Site', 'cross-site').set('Origin', 'https://evil.example').expect(200);
  });
});
