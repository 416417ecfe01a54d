import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { db, type User } from '#app/models/db.ts';
import { articlePath } from '#app/helpers/permalinks.ts';

describe('admin articles: publish, schedule, unpublish', () => {
  let t: TestApp;
  let grace: User;
  let asGrace: SignedInAgent;
  const reader = () => request(t.app);
  const fields = (title: string, extra: Record<string, string> = {}) => ({
    title,
    body: `Body of ${title}`,
    textFilter: 'markdown',
    allowComments: '1',
    publishedAt: '',
    ...extra,
  });
  const inputMinute = (date: Date) => date.toISOString().slice(0, 16);

  beforeAll(async () => {
    t = await startTestApp();
    await cast.ada(); // an admin exists, so sign-in is open
    grace = await cast.grace();
    asGrace = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  it('publishes a draft now: the public site shows it at its permalink and on the home page', async () => {
    const draft = await createArticle({ author: grace, title: 'Going live', state: 'draft' });
    await asGrace
      .post(`/admin/articles/${draft.id}`, { ...fields('Going live'), slug: 'going-live', intent: 'publish' })
      .expect(303);
    const live = await db.article.findUniqueOrThrow({ where: { id: draft.id } });
    expect(live.state).toBe('published');
    expect(live.publishedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    const page = await reader().get(articlePath(live)).expect(200);
    expect(page.text).toContain('Body of Going live');
    expect((await reader().get('/').expect(200)).text).toContain('Going live');
    const edit = await asGrace.get(`/admin/articles/${draft.id}/edit`);
    expect(edit.text).toContain('Published.');
    expect(edit.text).toContain(`href="${articlePath(live)}"`);
    for (const intent of ['publish', 'schedule', 'unpublish'])
      expect(edit.text).toContain(`name="intent" value="${intent}"`);
  });

  it('keeps a live article’s date and permalink when it is updated', async () => {
    const publishedAt = new Date('2024-05-06T07:08:09.123Z');
    const article = await createArticle({ author: grace, title: 'Stable address', publishedAt });
    await asGrace
      .post(`/admin/articles/${article.id}`, {
        ...fields('Stable address, new title'),
        slug: article.slug,
        publishedAt: inputMinute(publishedAt),
        intent: 'publish',
      })
      .expect(303);
    const after = await db.article.findUniqueOrThrow({ where: { id: article.id } });
    expect(after.publishedAt).toEqual(publishedAt);
    expect(articlePath(after)).toBe('/2024/05/06/stable-address');
    expect((await reader().get('/2024/05/06/stable-address').expect(200)).text).toContain('Stable address, new title');
  });

  it('backdates when Publish now is given a past date', async () => {
    await asGrace
      .post('/admin/articles', { ...fields('From the archive'), publishedAt: '2020-01-02T03:04', intent: 'publish' })
      .expect(303);
    const article = await db.article.findFirstOrThrow({ where: { title: 'From the archive' } });
    expect(article.publishedAt).toEqual(new Date('2020-01-02T03:04:00Z'));
    await reader().get('/2020/01/02/from-the-archive').expect(200);
  });

  it('schedules for a future date: invisible to readers until then, listed as scheduled', async () => {
    const at = new Date(Date.now() + 3 * 86_400_000);
    await asGrace
      .post('/admin/articles', { ...fields('Coming soon'), publishedAt: inputMinute(at), intent: 'schedule' })
      .expect(303);
    const article = await db.article.findFirstOrThrow({ where: { title: 'Coming soon' } });
    expect(article.state).toBe('published');
    expect(article.publishedAt).toEqual(new Date(`${inputMinute(at)}:00Z`));
    const edit = await asGrace.get(`/admin/articles/${article.id}/edit`);
    expect(edit.text).toContain('Scheduled for');
    expect(edit.text).toContain('Update schedule');
    await reader().get(articlePath(article)).expect(404);
    expect((await reader().get('/').expect(200)).text).not.toContain('Coming soon');
    expect((await asGrace.get('/admin/articles?state=scheduled')).text).toContain('Coming soon');
  });

  it('refuses Schedule with a past or missing date: 422, message, input kept, nothing changed', async () => {
    const draft = await createArticle({ author: grace, title: 'Not yet', state: 'draft', bodySource: 'original' });
    const past = await asGrace
      .post(`/admin/articles/${draft.id}`, {
        ...fields('Not yet'),
        body: 'typed text',
        publishedAt: '2001-02-03T04:05',
        intent: 'schedule',
      })
      .expect(422);
    expect(past.text).toContain('That time has already passed');
    expect(past.text).toContain('typed text');
    expect(past.text).toContain('value="2001-02-03T04:05"');
    const missing = await asGrace
      .post(`/admin/articles/${draft.id}`, { ...fields('Not yet'), intent: 'schedule' })
      .expect(422);
    expect(missing.text).toContain('Choose the date and time to publish at.');
    expect(await db.article.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({
      state: 'draft',
      bodySource: 'original',
    });
    await asGrace
      .post('/admin/articles', { ...fields('Never scheduled'), publishedAt: '2001-02-03T04:05', intent: 'schedule' })
      .expect(422);
    expect(await db.article.count({ where: { title: 'Never scheduled' } })).toBe(0);
  });

  it('unpublishes back to a draft: the public site answers 404', async () => {
    const article = await createArticle({ author: grace, title: 'Pulled' });
    const path = articlePath(article);
    await reader().get(path).expect(200);
    await asGrace
      .post(`/admin/articles/${article.id}`, {
        ...fields('Pulled'),
        slug: 'pulled',
        publishedAt: inputMinute(article.publishedAt!),
        intent: 'unpublish',
      })
      .expect(303);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).state).toBe('draft');
    await reader().get(path).expect(404);
    expect((await asGrace.get(`/admin/articles/${article.id}/edit`)).text).toContain(
      'Unpublished: the article is a draft again.',
    );
  });

  it('keeps the state when no intent is sent', async () => {
    const article = await createArticle({ author: grace, title: 'No button' });
    await asGrace
      .post(`/admin/articles/${article.id}`, {
        ...fields('No button'),
        slug: 'no-button',
        publishedAt: inputMinute(article.publishedAt!),
      })
      .expect(303);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).state).toBe('published');
  });

  it('keeps slugs unique: a title-made slug gets a suffix, a chosen clash gets a clear message', async () => {
    const day = '2023-08-09T10:00';
    await asGrace.post('/admin/articles', { ...fields('Same title'), publishedAt: day, intent: 'publish' }).expect(303);
    await asGrace.post('/admin/articles', { ...fields('Same title'), publishedAt: day, intent: 'publish' }).expect(303);
    const slugs = (await db.article.findMany({ where: { title: 'Same title' }, orderBy: { id: 'asc' } })).map(
      (a) => a.slug,
    );
    expect(slugs).toEqual(['same-title', 'same-title-2']);
    const clash = await asGrace
      .post('/admin/articles', {
        ...fields('Different title'),
        slug: 'same-title',
        publishedAt: day,
        intent: 'publish',
      })
      .expect(422);
    expect(clash.text).toContain('Another article published on 2023-08-09 already uses the slug &#34;same-title&#34;.');
    expect(clash.text).toContain('value="same-title"');
  });
});
