import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle, createComment, changeSettings } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { db, type Article } from '#app/models/db.ts';
import { ManualClock } from '#app/clock.ts';

describe('article permalinks', () => {
  let t: TestApp;
  // The app's time stands still until a test moves it on.
  const clock = new ManualClock(new Date());
  let first: Article, middle: Article, last: Article;
  beforeAll(async () => {
    t = await startTestApp({ clock });
    await changeSettings({ commentPolicy: 'open' });
    const author = await ada();
    first = await createArticle({ author, title: 'First post', publishedAt: new Date('2024-03-01T10:00:00Z') });
    middle = await createArticle({
      author,
      title: 'Middle post',
      bodySource: 'Hello **world**',
      tags: 'ruby, Rails',
      publishedAt: new Date('2024-03-02T10:00:00Z'),
    });
    last = await createArticle({ author, title: 'Last post', publishedAt: new Date('2024-03-03T10:00:00Z') });
    await createComment(middle, { authorName: 'Reader One', body: 'Approved words' });
    await createComment(middle, { authorName: 'Spammer', body: 'Buy things' }, 'spam');
  });
  afterAll(() => t.close());

  it('shows the article, its approved comments, the form and previous/next links', async () => {
    const res = await request(t.app).get('/2024/03/02/middle-post').expect(200);
    expect(res.text).toContain('<h1 class="p-name">Middle post</h1>');
    expect(res.text).toContain('Hello <strong>world</strong>');
    expect(res.text).toContain('Approved words');
    expect(res.text).not.toContain('Buy things');
    expect(res.text).toContain('action="/2024/03/02/middle-post/comments/preview#comment-form"');
    expect(res.text).toMatch(/rel="prev" href="\/2024\/03\/01\/first-post"/);
    expect(res.text).toMatch(/rel="next" href="\/2024\/03\/03\/last-post"/);
    expect(res.text).toContain('href="/2024/03/02/middle-post.atom"');
    expect(first.slug).toBe('first-post');
    expect(last.publishedOn).toBe('2024-03-03');
  });

  it('redirects Typo 4 /articles/... URLs permanently', async () => {
    await request(t.app)
      .get('/articles/2024/03/02/middle-post')
      .expect(301)
      .expect('Location', '/2024/03/02/middle-post');
    await request(t.app).get('/articles/2024/03').expect(301).expect('Location', '/2024/03');
    await request(t.app).get('/articles/not-a-date').expect(404);
  });

  it.each([
    ['/2024/03/02/no-such-post', 404],
    ['/2024/03/03/middle-post', 404],
    ['/2006/13/40/x', 404],
    ['/2024/02/30/middle-post', 404],
    ['/abcd/03/02/middle-post', 404],
    ['/2024/03/02/%E0%A4%A', 400],
    ['/2024/03/02/%', 400],
  ])('answers %s with a themed %i', async (path, status) => {
    const res = await request(t.app).get(path).expect(status);
    expect(res.text).toContain('class="error-page"');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('hides drafts and scheduled articles until their time comes, with no job', async () => {
    const author = await ada().catch(() => db.user.findUniqueOrThrow({ where: { login: 'ada' } }));
    const draft = await createArticle({ author, title: 'Draft post', state: 'draft' });
    expect(draft.publishedOn).toBeNull();
    const publishAt = new Date(clock.now().getTime() + 3_600_000); // an hour ahead: no test waits that long
    const scheduled = await createArticle({ author, title: 'Scheduled post', publishedAt: publishAt });
    const url = `/${scheduled.publishedOn!.replaceAll('-', '/')}/scheduled-post`;
    await request(t.app).get(url).expect(404);
    expect((await request(t.app).get('/').expect(200)).text).not.toContain('Scheduled post');
    clock.set(publishAt);
    await request(t.app).get(url).expect(200);
    expect((await request(t.app).get('/').expect(200)).text).toContain('Scheduled post');
  });

  it('answers If-Modified-Since with 304 when nothing changed', async () => {
    const res = await request(t.app).get('/2024/03/03/last-post').expect(200);
    await request(t.app)
      .get('/2024/03/03/last-post')
      .set('If-Modified-Since', res.headers['last-modified']!)
      .expect(304);
  });
});
