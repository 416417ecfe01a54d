import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { changeSettings, createArticle } from '#test/fixtures/factories.ts';
import { db, type User } from '#app/models/db.ts';

/** The blog's time zone in the editor and the lists: typed and shown in that zone, stored in UTC. */
describe('admin articles in the blog’s time zone', () => {
  let t: TestApp;
  let grace: User;
  let asGrace: SignedInAgent;
  const fields = (title: string, extra: Record<string, string> = {}) => ({
    title,
    body: `Body of ${title}`,
    textFilter: 'markdown',
    allowComments: '1',
    publishedAt: '',
    ...extra,
  });
  const stored = (title: string) => db.article.findFirstOrThrow({ where: { title } });

  beforeAll(async () => {
    t = await startTestApp();
    await cast.ada();
    grace = await cast.grace();
    asGrace = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  it('reads the typed publish date as Berlin time and shows it back as typed, with the zone named', async () => {
    await changeSettings({ timeZone: 'Europe/Berlin' });
    await asGrace
      .post('/admin/articles', { ...fields('Summer in Berlin'), publishedAt: '2026-07-01T09:30', intent: 'draft' })
      .expect(303);
    const article = await stored('Summer in Berlin');
    expect(article.publishedAt).toEqual(new Date('2026-07-01T07:30:00Z')); // CEST is UTC+2
    const edit = await asGrace.get(`/admin/articles/${article.id}/edit`);
    expect(edit.text).toContain('name="publishedAt" value="2026-07-01T09:30"');
    expect(edit.text).toContain('(Europe/Berlin time; empty: when published)');
    expect(edit.text).toContain('data-time-zone="Europe/Berlin"');
    expect(edit.text).toMatch(/Saved \d{1,2} \w+ \d{4} at \d{2}:\d{2} CES?T/); // CET or CEST, whenever the test runs
  });

  it('schedules in New York time, and says when in New York time', async () => {
    await changeSettings({ timeZone: 'America/New_York' });
    const res = await asGrace
      .post('/admin/articles', { ...fields('Morning post'), publishedAt: '2031-01-15T08:00', intent: 'schedule' })
      .expect(303);
    const article = await stored('Morning post');
    expect(article.publishedAt).toEqual(new Date('2031-01-15T13:00:00Z')); // EST is UTC−5
    const edit = await asGrace.get(res.headers.location as string);
    expect(edit.text).toContain('Scheduled for 15 January 2031 at 08:00 GMT-5.');
    expect(edit.text).toContain('goes live 15 January 2031 at 08:00 GMT-5');
    expect(edit.text).toContain('value="2031-01-15T08:00"');
    const list = await asGrace.get('/admin/articles');
    expect(list.text).toContain('15 January 2031 at 08:00 GMT-5');
    expect(list.text).not.toMatch(/\d{2}:\d{2} UTC/);
  });

  it('refuses a time the clocks skip (spring forward) with a 422 that keeps what was typed', async () => {
    await changeSettings({ timeZone: 'Europe/Berlin' });
    const res = await asGrace
      .post('/admin/articles', { ...fields('Lost hour'), publishedAt: '2031-03-30T02:30', intent: 'schedule' })
      .expect(422);
    expect(res.text).toContain('2031-03-30 02:30 does not exist in Europe/Berlin');
    expect(res.text).toContain('value="2031-03-30T02:30"');
    expect(await db.article.count({ where: { title: 'Lost hour' } })).toBe(0);
    await asGrace
      .post('/admin/articles', { ...fields('Lost hour'), publishedAt: '2031-03-30T03:30', intent: 'schedule' })
      .expect(303);
    expect((await stored('Lost hour')).publishedAt).toEqual(new Date('2031-03-30T01:30:00Z')); // CEST from 02:00 CET
  });

  it('reads a time the clocks show twice (fall back) as the first, and never moves a stored second one', async () => {
    await changeSettings({ timeZone: 'Europe/Berlin' });
    await asGrace
      .post('/admin/articles', { ...fields('Twice'), publishedAt: '2031-10-26T02:30', intent: 'schedule' })
      .expect(303);
    expect((await stored('Twice')).publishedAt).toEqual(new Date('2031-10-26T00:30:00Z')); // 02:30 CEST
    // An article scheduled for the second 02:30 (CET) shows 02:30 too; saving the form unchanged keeps it there.
    const second = await createArticle({
      author: grace,
      title: 'Second time',
      publishedAt: new Date('2031-10-26T01:30:15Z'),
    });
    const edit = await asGrace.get(`/admin/articles/${second.id}/edit`);
    expect(edit.text).toContain('value="2031-10-26T02:30"');
    expect(edit.text).toContain('goes live 26 October 2031 at 02:30 CET');
    await asGrace
      .post(`/admin/articles/${second.id}`, {
        ...fields('Second time, edited'),
        slug: second.slug,
        publishedAt: '2031-10-26T02:30',
      })
      .expect(303);
    expect((await db.article.findUniqueOrThrow({ where: { id: second.id } })).publishedAt).toEqual(
      new Date('2031-10-26T01:30:15Z'),
    );
  });

  it('shows every admin time in the blog’s zone: dashboard, lists, editor, revisions', async () => {
    await changeSettings({ timeZone: 'Asia/Kolkata' });
    const article = await createArticle({ author: grace, title: 'Zoned everywhere', state: 'draft' });
    await asGrace
      .post(`/admin/articles/${article.id}`, { ...fields('Zoned everywhere'), slug: article.slug })
      .expect(303);
    for (const page of [
      '/admin',
      '/admin/articles',
      `/admin/articles/${article.id}/edit`,
      `/admin/articles/${article.id}/revisions`,
    ]) {
      const html = (await asGrace.get(page)).text;
      expect(html, page).toMatch(/\d{1,2} \w+ \d{4} at \d{2}:\d{2} GMT\+5:30/);
      expect(html, page).not.toMatch(/\d{2}:\d{2} UTC/);
    }
  });
});
