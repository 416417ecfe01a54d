import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle, createComment, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { db, type Article } from '#app/models/db.ts';
import { issueFormToken } from '#app/models/comment/spam.ts';

describe('POST a comment', () => {
  let t: TestApp;
  let article: Article;
  const url = () => `/${article.publishedOn!.replaceAll('-', '/')}/${article.slug}`;
  const token = (at = new Date(Date.now() - 10_000)) => issueFormToken(article.id, t.config.sessionSecret, at);
  let ip = 0;
  /** Each post comes from its own address unless told, so the rate limit stays out of the way. */
  const post = (fields: Record<string, string>, from = `203.0.113.${++ip}`) =>
    request(t.app).post(`${url()}/comments`).set('X-Forwarded-For', from).type('form').send({ token: token(), authorName: 'Reader', body: 'Hello there', ...fields });

  beforeAll(async () => {
    t = await startTestApp();
    article = await createArticle({ author: await ada(), title: 'Open for comments' });
  });
  beforeEach(() => changeSettings({ commentPolicy: 'moderate-first', commentsCloseAfterDays: 0 }));
  afterAll(() => t.close());

  it('shows the form with a signed token and a honeypot', async () => {
    const res = await request(t.app).get(url()).expect(200);
    expect(res.text).toMatch(/name="token" value="[0-9a-z]+\.[\w-]+"/);
    expect(res.text).toContain('name="homepage"');
  });

  it('holds a first-time commenter for moderation, then approves them next time once known', async () => {
    const held = await post({ authorName: 'Newcomer', email: 'new@example.org', body: 'First words' }).expect(303);
    expect(held.headers.location).toBe(`${url()}?comment=held#comments`);
    const stored = await db.comment.findFirstOrThrow({ where: { email: 'new@example.org' } });
    expect(stored.status).toBe('pending');
    const page = await request(t.app).get(`${url()}?comment=held`).expect(200);
    expect(page.text).toContain('awaiting moderation');
    expect(page.text).not.toContain('First words');

    await db.comment.update({ where: { id: stored.id }, data: { status: 'approved' } });
    const approved = await post({ authorName: 'Newcomer', email: 'new@example.org', body: 'Second words' }).expect(303);
    expect(approved.headers.location).toMatch(/#comment-\d+$/);
    expect((await request(t.app).get(url()).expect(200)).text).toContain('Second words');
  });

  it('approves at once when the policy is open, and counts the comment', async () => {
    await changeSettings({ commentPolicy: 'open' });
    const before = (await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentsCount;
    await post({ body: 'Open policy words' }).expect(303);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentsCount).toBe(before + 1);
  });

  it('holds everything when the policy is moderate-all', async () => {
    await changeSettings({ commentPolicy: 'moderate-all' });
    await post({ email: 'new@example.org', body: 'Moderate all words' }).expect(303);
    expect((await db.comment.findFirstOrThrow({ where: { bodySource: 'Moderate all words' } })).status).toBe('pending');
  });

  it('renders Markdown safely and escapes the name', async () => {
    await changeSettings({ commentPolicy: 'open' });
    await post({ authorName: '<script>alert(1)</script>', body: '**bold** <script>alert(2)</script> [x](javascript:alert(3)) [ok](https://example.org)' }).expect(303);
    const html = (await request(t.app).get(url()).expect(200)).text;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toMatch(/<a href="https:\/\/example.org" rel="nofollow ugc">ok<\/a>/);
  });

  it.each([
    ['no name', { authorName: '' }, 'Please give your name.'],
    ['a blank body', { body: '   ' }, 'The comment is empty.'],
    ['a bad email', { email: 'not-an-email' }, 'That email address does not look right.'],
    ['a javascript: website', { url: 'javascript:alert(1)' }, 'must be an http:// or https:// address'],
    ['a body over 10,000 characters', { body: 'x'.repeat(10_001) }, 'Keep the comment under 10,000 characters.'],
  ] as [string, Record<string, string>, string][])('refuses %s with 422, keeping the text', async (_label, fields, message) => {
    const res = await post({ body: 'Keep this text please', ...fields }).expect(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain('class="field-error"');
    expect(res.text).toContain(fields.body === undefined ? 'Keep this text please' : fields.body.trim().slice(0, 50));
  });

  it('refuses spam tricks with a clear message and keeps the text', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ homepage: 'http://spam.example' }, 422, 'Leave this empty'],
      [{ token: 'garbage' }, 422, 'This form has expired'],
      [{ token: token(new Date(Date.now() - 2 * 86_400_000)) }, 422, 'This form has expired'],
      [{ body: 'http://a.example http://b.example http://c.example http://d.example' }, 422, 'at most 3 links'],
    ];
    for (const [fields, status, message] of cases) {
      const res = await post({ body: 'My careful words', ...fields }).expect(status);
      expect(res.text).toContain(message);
      expect(res.text).toContain(fields.body ?? 'My careful words');
    }
    expect(await db.comment.count({ where: { bodySource: 'My careful words' } })).toBe(0);
  });

  it('refuses a form submitted faster than a person can type', async () => {
    const strict = await startTestApp({ env: { FOLIO_COMMENT_MIN_SECONDS: '5' } });
    try {
      const quick = await createArticle({ title: 'Quick' });
      const res = await request(strict.app).post(`/${quick.publishedOn!.replaceAll('-', '/')}/quick/comments`).type('form')
        .send({ token: issueFormToken(quick.id, strict.config.sessionSecret), authorName: 'Bot', body: 'instant' }).expect(422);
      expect(res.text).toContain('faster than anyone can type');
    } finally {
      await strict.close();
      const { connectDatabase } = await import('#app/models/db.ts');
      await connectDatabase(t.config.databaseUrl);
    }
  });

  it('rate-limits an address with 429 after several comments', async () => {
    const from = '198.51.100.99';
    for (let i = 0; i < 5; i++) await post({ body: `Burst ${i}` }, from).expect(303);
    const res = await post({ body: 'One too many' }, from).expect(429);
    expect(res.text).toContain('wait a little');
    expect(res.text).toContain('One too many');
  });

  it('refuses comments with 403 when closed, by article, by policy or by age', async () => {
    const closed = await createArticle({ title: 'No comments here', allowComments: false });
    const closedUrl = `/${closed.publishedOn!.replaceAll('-', '/')}/${closed.slug}`;
    const page = await request(t.app).get(closedUrl).expect(200);
    expect(page.text).toContain('Comments are closed for this article.');
    expect(page.text).not.toContain('class="comment-form"');
    const res = await request(t.app).post(`${closedUrl}/comments`).type('form').send({ token: issueFormToken(closed.id, t.config.sessionSecret, new Date(Date.now() - 10_000)), authorName: 'R', body: 'Keep me' }).expect(403);
    expect(res.text).toContain('Comments are closed for this article.');

    await changeSettings({ commentPolicy: 'closed' });
    expect((await post({}).expect(403)).text).toContain('Comments are closed on this blog.');
    await changeSettings({ commentPolicy: 'open' });

    const old = await createArticle({ title: 'Old news', publishedAt: new Date('2020-01-01T00:00:00Z') });
    await changeSettings({ commentsCloseAfterDays: 30 });
    const oldRes = await request(t.app).post(`/2020/01/01/old-news/comments`).type('form').send({ token: issueFormToken(old.id, t.config.sessionSecret, new Date(Date.now() - 10_000)), authorName: 'R', body: 'Late' }).expect(403);
    expect(oldRes.text).toContain('Comments close 30 days after');
  });

  it('answers an oversized body with a themed 413 and a missing article with 404', async () => {
    const res = await request(t.app).post(`${url()}/comments`).type('form').send({ authorName: 'R', body: 'x'.repeat(70_000) }).expect(413);
    expect(res.text).toContain('class="error-page"');
    await request(t.app).post('/2024/01/01/missing/comments').type('form').send({ authorName: 'R', body: 'x' }).expect(404);
  });

  it('only counts approved comments on the article', async () => {
    const fresh = await createArticle({ title: 'Counting' });
    await createComment(fresh, { body: 'one' }, 'approved');
    await createComment(fresh, { body: 'two' }, 'spam');
    await createComment(fresh, { body: 'three' }, 'pending');
    expect((await db.article.findUniqueOrThrow({ where: { id: fresh.id } })).commentsCount).toBe(1);
  });
});
