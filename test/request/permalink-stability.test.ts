import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { saveArticle } from '#app/models/article.ts';

describe('permalinks never move', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('keeps an article’s day when it is edited after the blog’s time zone changed', async () => {
    const article = await createArticle({ title: 'Late night', publishedAt: new Date('2024-03-07T23:30:00Z') });
    expect(article.publishedOn).toBe('2024-03-07');
    await changeSettings({ timeZone: 'Europe/Paris' });
    const edited = await saveArticle(
      { title: 'Late night', bodySource: 'edited', state: 'published', publishedAt: article.publishedAt },
      article.authorId,
      article.id,
    );
    expect(edited.publishedOn).toBe('2024-03-07');
    await request(t.app).get('/2024/03/07/late-night').expect(200);
    const moved = await saveArticle(
      {
        title: 'Late night',
        bodySource: 'rescheduled',
        state: 'published',
        publishedAt: new Date('2024-03-09T23:30:00Z'),
      },
      article.authorId,
      article.id,
    );
    expect(moved.publishedOn).toBe('2024-03-10');
  });

  it('answers a script that asks for JSON with a JSON error', async () => {
    const res = await request(t.app).get('/tag/nope').set('Accept', 'application/json').expect(404);
    expect(res.body).toEqual({ error: 'There is no tag "nope".' });
  });
});
