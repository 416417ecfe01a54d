import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import request from 'supertest';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, testDatabaseKind, type TestApp } from '#test/support/app.ts';
import { createArticle, createComment, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { db, type Article } from '#app/models/db.ts';
import { currentSettings, forgetSettings } from '#app/models/settings.ts';
import { issueCommentToken } from '#app/models/comment/form-token.ts';
import { sqliteFile } from '#app/database/url.ts';
import { pageCacheOf } from '#app/page-cache/index.ts';
import { cacheFileFor } from '#app/page-cache/paths.ts';

/** The token a page's comment form carries, if any. */
const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1];

describe('POST a comment', () => {
  let t: TestApp;
  let article: Article;
  const url = () => `/${article.publishedOn!.replaceAll('-', '/')}/${article.slug}`;
  /** A token as the preview issues it, `at` a time: 10 s ago is a reader who read their preview. */
  const token = (at = new Date(Date.now() - 10_000)) => issueCommentToken(article.id, t.config.sessionSecret, at);
  let ip = 0;
  const nextIp = () => `203.0.113.${++ip}`;
  /** Each post comes from its own address unless told, so the rate limit stays out of the way. */
  const post = (fields: Record<string, string>, from = nextIp()) =>
    request(t.app)
      .post(`${url()}/comments`)
      .set('X-Forwarded-For', from)
      .type('form')
      .send({ token: token(), authorName: 'Reader', body: 'Hello there', ...fields });
  const preview = (fields: Record<string, string>, from = nextIp()) =>
    request(t.app)
      .post(`${url()}/comments/preview`)
      .set('X-Forwarded-For', from)
      .type('form')
      .send({ authorName: 'Reader', body: 'Hello there', ...fields });

  beforeAll(async () => {
    // A person needs a few seconds between preview and "Post comment"; tests that post wait by dating their token back.
    t = await startTestApp({ env: { FOLIO_COMMENT_MIN_SECONDS: '5' } });
    article = await createArticle({ author: await ada(), title: 'Open for comments' });
  });
  beforeEach(() => changeSettings({ commentPolicy: 'moderate-first', commentsCloseAfterDays: 0 }));
  afterAll(() => t.close());

  it('shows a form that asks for a preview, with a honeypot and no token (the page is the same for everyone)', async () => {
    const res = await request(t.app).get(url()).expect(200);
    expect(res.text).toContain(`action="${url()}/comments/preview#comment-form"`);
    expect(res.text).toContain('name="homepage"');
    expect(tokenIn(res.text)).toBeUndefined();
  });

  it('previews the comment as it will look, with a token that posts it, and stores nothing yet', async () => {
    const res = await preview({
      authorName: 'Previewer',
      url: 'https://example.org',
      body: 'Some **bold** thought',
    }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<strong>bold</strong>');
    expect(res.text).toMatch(/<a href="https:\/\/example.org" rel="nofollow ugc">Previewer<\/a>/);
    expect(res.text).toContain(`action="${url()}/comments#comment-form"`);
    expect(res.text).toContain(`formaction="${url()}/comments/preview#comment-form"`);
    expect(res.text).toContain('Some **bold** thought</textarea>');
    expect(tokenIn(res.text)).toMatch(/^[0-9a-z]+\.[\w-]+\.[\w-]+$/);
    expect(await db.comment.count({ where: { authorName: 'Previewer' } })).toBe(0);
    // A theme without its own preview template gets the default one, inside its own layout.
    await changeSettings({ theme: 'minimal' });
    try {
      const minimal = await preview({ body: 'Minimal *words*' }).expect(200);
      expect(minimal.text).toContain('<em>words</em>');
      expect(minimal.text).toContain('minimal.css');
    } finally {
      await changeSettings({ theme: 'default' });
    }
  });

  it('refuses at the preview what it would refuse at the post, on the article page with its navigation, landing on the form', async () => {
    const before = await createArticle({
      title: 'The one before',
      publishedAt: new Date(article.publishedAt!.getTime() - 86_400_000),
    });
    const res = await preview({ authorName: '', body: 'Nameless words' }).expect(422);
    expect(res.text).toContain('Please give your name.');
    expect(res.text).toContain('Nameless words</textarea>');
    expect(res.text).toContain(`rel="prev" href="/${before.publishedOn!.replaceAll('-', '/')}/${before.slug}"`);
    expect(res.text).toContain('id="comment-form"');
    expect(tokenIn(res.text)).toBeUndefined();
    const trap = await preview({ homepage: 'http://spam.example' }).expect(422);
    expect(trap.text).toContain('Leave this empty');
    expect(tokenIn(trap.text)).toBeUndefined();
  });

  it('posts a previewed comment once: the same token again is refused, changing nothing', async () => {
    const once = token();
    await post({ token: once, body: 'Said once' }).expect(303);
    const replay = await post({ token: once, body: 'Said once' }).expect(409);
    expect(replay.text).toContain('already been posted');
    expect(replay.text).toContain('Said once</textarea>');
    expect(tokenIn(replay.text)).toBeUndefined();
    const another = await post({ token: once, body: 'Said twice, differently' }).expect(409);
    expect(another.text).toContain('already been posted');
    expect(await db.comment.count({ where: { bodySource: { startsWith: 'Said' } } })).toBe(1);
  });

  it('refuses "Post comment" pressed sooner than a person reads a preview, keeping the text and the token', async () => {
    const fresh = (await preview({ body: 'Too quick' }).expect(200)).text;
    const res = await post({ token: tokenIn(fresh)!, body: 'Too quick' }).expect(422);
    expect(res.text).toContain('faster than anyone can read a preview');
    expect(res.text).toContain('Too quick</textarea>');
    expect(tokenIn(res.text)).toBe(tokenIn(fresh));
    expect(await db.comment.count({ where: { bodySource: 'Too quick' } })).toBe(0);
  });

  it('stores nothing for a bot replaying the form of a cached article page, directly or through an instant preview', async () => {
    const cache = pageCacheOf(t.app)!;
    await request(t.app).get(url()).expect(200);
    await cache.idle();
    // What the web server hands every reader (and every bot) from disk.
    const cached = readFileSync(path.join(cache.root, cacheFileFor(url())!), 'utf8');
    expect(tokenIn(cached)).toBeUndefined();
    const action = /<form class="comment-form" id="comment-form"[^>]* action="([^"#]+)#comment-form"/.exec(cached)![1]!;
    const scraped = { authorName: 'Bot', email: 'bot@example.org', body: 'Cheap pills', homepage: '' };
    const from = nextIp();

    for (let i = 0; i < 3; i++) {
      const direct = await request(t.app)
        .post(`${url()}/comments`)
        .set('X-Forwarded-For', from)
        .type('form')
        .send(scraped)
        .expect(422);
      expect(direct.text).toContain('Please check your comment below, then post it.');
      expect(direct.text).toContain('Cheap pills</textarea>');
    }
    const previewed = await request(t.app)
      .post(action)
      .set('X-Forwarded-For', from)
      .type('form')
      .send(scraped)
      .expect(200);
    const instant = await request(t.app)
      .post(`${url()}/comments`)
      .set('X-Forwarded-For', from)
      .type('form')
      .send({ ...scraped, token: tokenIn(previewed.text) })
      .expect(422);
    expect(instant.text).toContain('faster than anyone can read a preview');
    expect(await db.comment.count({ where: { bodySource: 'Cheap pills' } })).toBe(0);
  });

  // SQLite's database-wide write lock; PostgreSQL's outage is tested in database-outage.test.ts.
  it.skipIf(testDatabaseKind() !== 'sqlite')(
    'answers 503 with Retry-After while the database is held busy, keeping the text and the unspent token',
    async () => {
      const kept = token();
      const holder = new Database(sqliteFile(t.config.databaseUrl));
      try {
        holder.exec('BEGIN IMMEDIATE');
        const res = await post({ token: kept, body: 'Patient words' }).expect(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.text).toContain('too busy');
        expect(res.text).toContain('Patient words</textarea>');
        expect(tokenIn(res.text)).toBe(kept);
      } finally {
        if (holder.inTransaction) holder.exec('ROLLBACK');
        holder.close();
      }
      await post({ token: kept, body: 'Patient words' }).expect(303);
      expect(await db.comment.count({ where: { bodySource: 'Patient words' } })).toBe(1);
    },
  );

  it('holds every comment by default, a returning commenter too', async () => {
    await db.setting.delete({ where: { id: 1 } });
    await db.setting.create({ data: { id: 1 } });
    forgetSettings();
    expect((await currentSettings()).commentPolicy).toBe('moderate-all');
    await createComment(
      article,
      { authorName: 'Regular', email: 'regular@example.org', body: 'Approved before' },
      'approved',
    );
    await post({ authorName: 'Regular', email: 'regular@example.org', body: 'Back again' })
      .expect(303)
      .expect('Location', `${url()}?comment=held#comments`);
    expect((await db.comment.findFirstOrThrow({ where: { bodySource: 'Back again' } })).status).toBe('pending');
  });

  it('trusts a returning commenter only when asked to, and only by name and email together', async () => {
    await createComment(
      article,
      { authorName: 'Known Name', email: 'known@example.org', body: 'Approved earlier' },
      'approved',
    );
    await post({ authorName: 'Someone Else', email: 'known@example.org', body: 'Borrowed email' })
      .expect(303)
      .expect('Location', `${url()}?comment=held#comments`);
    await post({ authorName: 'Known Name', email: 'other@example.org', body: 'Borrowed name' })
      .expect(303)
      .expect('Location', `${url()}?comment=held#comments`);
    await post({ authorName: 'Known Name', body: 'No email' })
      .expect(303)
      .expect('Location', `${url()}?comment=held#comments`);
    expect(
      await db.comment.count({
        where: { bodySource: { in: ['Borrowed email', 'Borrowed name', 'No email'] }, status: 'pending' },
      }),
    ).toBe(3);
    const trusted = await post({ authorName: 'Known Name', email: 'known@example.org', body: 'Really me' }).expect(303);
    expect(trusted.headers.location).toMatch(/#comment-\d+$/);
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
    await post({
      authorName: '<script>alert(1)</script>',
      body: '**bold** <script>alert(2)</script> [x](javascript:alert(3)) [ok](https://example.org)',
    }).expect(303);
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
  ] as [string, Record<string, string>, string][])(
    'refuses %s with 422, keeping the text',
    async (_label, fields, message) => {
      const res = await post({ body: 'Keep this text please', ...fields }).expect(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('class="field-error"');
      expect(res.text).toContain(fields.body === undefined ? 'Keep this text please' : fields.body.trim().slice(0, 50));
    },
  );

  it('refuses spam tricks with a clear message and keeps the text', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ homepage: 'http://spam.example' }, 422, 'Leave this empty'],
      [{ token: 'garbage' }, 422, 'Please check your comment below, then post it.'],
      [
        { token: issueCommentToken(article.id + 1, t.config.sessionSecret, new Date(Date.now() - 10_000)) },
        422,
        'Please check your comment below, then post it.',
      ],
      [{ token: token(new Date(Date.now() - 2 * 86_400_000)) }, 422, 'This preview has expired'],
      [{ body: 'http://a.example http://b.example http://c.example http://d.example' }, 422, 'at most 3 links'],
    ];
    for (const [fields, status, message] of cases) {
      const res = await post({ body: 'My careful words', ...fields }).expect(status);
      expect(res.text).toContain(message);
      expect(res.text).toContain(fields.body ?? 'My careful words');
    }
    expect(await db.comment.count({ where: { bodySource: 'My careful words' } })).toBe(0);
  });

  it('rate-limits an address with 429 after several comments, saying when to try again', async () => {
    const from = '198.51.100.99';
    for (let i = 0; i < 5; i++) await post({ body: `Burst ${i}` }, from).expect(303);
    const res = await post({ body: 'One too many' }, from).expect(429);
    expect(res.headers['retry-after']).toBe('600');
    expect(res.text).toContain('wait 10 minutes');
    expect(res.text).toContain('One too many');
  });

  it('refuses comments with 403 when closed, by article, by policy or by age', async () => {
    const closed = await createArticle({ title: 'No comments here', allowComments: false });
    const closedUrl = `/${closed.publishedOn!.replaceAll('-', '/')}/${closed.slug}`;
    const page = await request(t.app).get(closedUrl).expect(200);
    expect(page.text).toContain('Comments are closed for this article.');
    expect(page.text).not.toContain('class="comment-form"');
    const res = await request(t.app)
      .post(`${closedUrl}/comments`)
      .type('form')
      .send({
        token: issueCommentToken(closed.id, t.config.sessionSecret, new Date(Date.now() - 10_000)),
        authorName: 'R',
        body: 'Keep me',
      })
      .expect(403);
    expect(
      (
        await request(t.app)
          .post(`${closedUrl}/comments/preview`)
          .type('form')
          .send({ authorName: 'R', body: 'Keep me' })
          .expect(403)
      ).text,
    ).toContain('Comments are closed for this article.');
    expect(res.text).toContain('Comments are closed for this article.');

    await changeSettings({ commentPolicy: 'closed' });
    expect((await post({}).expect(403)).text).toContain('Comments are closed on this blog.');
    await changeSettings({ commentPolicy: 'open' });

    const old = await createArticle({ title: 'Old news', publishedAt: new Date('2020-01-01T00:00:00Z') });
    await changeSettings({ commentsCloseAfterDays: 30 });
    const oldRes = await request(t.app)
      .post(`/2020/01/01/old-news/comments`)
      .type('form')
      .send({
        token: issueCommentToken(old.id, t.config.sessionSecret, new Date(Date.now() - 10_000)),
        authorName: 'R',
        body: 'Late',
      })
      .expect(403);
    expect(oldRes.text).toContain('Comments close 30 days after');
  });

  it('answers an oversized body with a themed 413 and a missing article with 404', async () => {
    const res = await request(t.app)
      .post(`${url()}/comments`)
      .type('form')
      .send({ authorName: 'R', body: 'x'.repeat(70_000) })
      .expect(413);
    expect(res.text).toContain('class="error-page"');
    await request(t.app)
      .post('/2024/01/01/missing/comments')
      .type('form')
      .send({ authorName: 'R', body: 'x' })
      .expect(404);
  });

  it('only counts approved comments on the article', async () => {
    const fresh = await createArticle({ title: 'Counting' });
    await createComment(fresh, { body: 'one' }, 'approved');
    await createComment(fresh, { body: 'two' }, 'spam');
    await createComment(fresh, { body: 'three' }, 'pending');
    expect((await db.article.findUniqueOrThrow({ where: { id: fresh.id } })).commentsCount).toBe(1);
  });
});
