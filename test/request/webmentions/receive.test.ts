import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { ManualClock } from '#app/clock.ts';
import { db, type Article } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { deliverDueNotifications } from '#app/notifications/outbox.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { startSourceSite, type SourceSite } from '#test/support/source-site.ts';
import { webmentionLimit } from '#app/webmention/rate-limit.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { bridgyLikePage, mentionPage, noLinkPage, replyPage } from '#test/request/webmentions/markup.ts';

// Receiving webmentions end to end: POST /webmention, the check through the
// real outbox (deliverDueNotifications) against a real HTTP server serving
// the source pages, and the comment the mention becomes.

let t: TestApp;
let site: SourceSite;
let article: Article;
let clock: ManualClock;
let context: MonitorContext;
let ip = 0;

const permalink = (a: Article) => `/${a.publishedOn!.replaceAll('-', '/')}/${a.slug}`;
const target = () => `${testBaseUrl}${permalink(article)}`;
const send = (source: string, to = target(), from = `198.51.100.${++ip % 250}`) =>
  request(t.app).post('/webmention').set('X-Forwarded-For', from).type('form').send({ source, target: to });

/** One outbox round, on a clock a second past the last one (every queued check is due). */
async function deliver() {
  clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 1_000));
  return deliverDueNotifications(context);
}

const mentionOf = (source: string) =>
  db.webmention.findUniqueOrThrow({
    where: { source_target: { source, target: target() } },
    include: { comment: true },
  });

beforeAll(async () => {
  site = await startSourceSite();
  t = await startTestApp({ env: { FOLIO_OUTBOUND_ALLOW_PRIVATE: 'on' } });
  clock = new ManualClock(new Date(Date.now() + 1_000));
  context = { config: t.config, logger: pino({ level: 'silent' }), clock };
  article = await createArticle({ author: await ada(), title: 'On counting' });
});
afterAll(async () => {
  await t.close();
  await site.stop();
});
beforeEach(async () => {
  await db.notification.deleteMany();
});

describe('POST /webmention', () => {
  it('accepts a mention of a published article with 202 and queues one check of its source', async () => {
    const source = site.url('/queued');
    const res = await send(source).expect(202);
    expect(res.type).toBe('text/plain');
    expect(res.text).toMatch(/checked/);
    const row = await mentionOf(source);
    expect(row).toMatchObject({ status: 'queued', articleId: article.id, protocol: 'webmention', commentId: null });
    // Sent again before the check ran: still one check.
    await send(source).expect(202);
    const checks = await db.notification.findMany({ where: { channel: 'webmention-check' } });
    expect(checks).toEqual([
      expect.objectContaining({ body: String(row.id), recipient: source, purpose: 'webmention' }),
    ]);
  });

  it.each([
    ['no source', { target: 'T' }, /source is missing/],
    ['no target', { source: 'https://elsewhere.example/a' }, /target is missing/],
    ['a source that is not http(s)', { source: 'javascript:alert(1)', target: 'T' }, /source must be an http/],
    ['a target that is not a URL', { source: 'https://elsewhere.example/a', target: 'not a url' }, /target must be/],
    ['the same URL twice', { source: 'T', target: 'T' }, /same URL/],
    [
      'a target on another site',
      { source: 'https://elsewhere.example/a', target: 'https://other.example/2026/01/01/x' },
      /not an article on this blog/,
    ],
    [
      'a target that is no article',
      { source: 'https://elsewhere.example/a', target: `${testBaseUrl}/2026/01/01/no-such-thing` },
      /not an article/,
    ],
    [
      'a target that is the home page',
      { source: 'https://elsewhere.example/a', target: `${testBaseUrl}/` },
      /not an article/,
    ],
  ])('refuses %s with 400 and the reason', async (_, fields, reason) => {
    const body = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === 'T' ? target() : v]));
    const res = await request(t.app).post('/webmention').type('form').send(body).expect(400);
    expect(res.type).toBe('text/plain');
    expect(res.text).toMatch(reason);
    expect(await db.notification.count()).toBe(0);
  });

  it('limits how many webmentions one address may send, with 429 and Retry-After', async () => {
    const from = '203.0.113.99';
    for (let i = 0; i < webmentionLimit.requests; i++) await send(site.url(`/burst/${i}`), target(), from).expect(202);
    const res = await send(site.url('/burst/over'), target(), from).expect(429);
    expect(res.type).toBe('text/plain');
    expect(res.text).toMatch(/Too many webmentions from your address/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back.
    await send(site.url('/burst/other'), target(), '203.0.113.100').expect(202);
  });

  it('refuses a draft article as a target', async () => {
    const draft = await createArticle({ title: 'Not yet', state: 'draft' });
    const res = await send(site.url('/draft'), `${testBaseUrl}/draft/${draft.slug}`).expect(400);
    expect(res.text).toMatch(/not an article/);
  });

  it('refuses every webmention while the blog does not take them (Settings)', async () => {
    await db.setting.update({ where: { id: 1 }, data: { webmentions: false } });
    forgetSettings();
    try {
      const res = await send(site.url('/off')).expect(400);
      expect(res.text).toBe('This blog does not accept webmentions.');
    } finally {
      await db.setting.update({ where: { id: 1 }, data: { webmentions: true } });
      forgetSettings();
    }
  });
});

describe('checking a received webmention', () => {
  it('turns a reply into a held comment with its author, photo and sanitised text', async () => {
    const source = site.url('/reply');
    site.serve('/reply', { body: replyPage(target()) });
    await send(source).expect(202);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    expect(site.lastHeaders.get('/reply')?.accept).toMatch(/text\/html/);
    const row = await mentionOf(source);
    expect(row.status).toBe('verified');
    expect(row.comment).toMatchObject({
      kind: 'webmention',
      mentionType: 'reply',
      status: 'pending',
      sourceUrl: source,
      authorName: 'Grace Hopper',
      url: site.url('/'),
      authorPhoto: site.url('/grace.jpg'),
      articleId: article.id,
    });
    expect(row.comment!.bodyHtml).toContain('Great post!');
    expect(row.comment!.bodyHtml).toContain('Counting from one.');
    expect(row.comment!.bodyHtml).not.toContain('script');
  });

  it('reads a Bridgy like as a like, with the liker from the silo', async () => {
    const source = site.url('/like');
    site.serve('/like', { body: bridgyLikePage(target()) });
    await send(source).expect(202);
    await deliver();
    const { comment } = await mentionOf(source);
    expect(comment).toMatchObject({
      mentionType: 'like',
      authorName: 'Alice Liker',
      url: 'https://mastodon.example/@alice',
      authorPhoto: 'https://files.mastodon.example/alice.png',
      bodyHtml: '',
    });
  });

  it('reads a post that links to the article as a mention by the page’s h-card', async () => {
    const source = site.url('/links');
    site.serve('/links', { body: mentionPage(target()) });
    await send(source).expect(202);
    await deliver();
    const { comment } = await mentionOf(source);
    expect(comment).toMatchObject({ mentionType: 'mention', authorName: 'Linus Links', url: site.url('/') });
    expect(comment!.bodyHtml).toContain('Worth reading');
  });

  it('marks a source that does not link to the target invalid, and shows nothing', async () => {
    const source = site.url('/nolink');
    site.serve('/nolink', { body: noLinkPage(target()) });
    await send(source).expect(202);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    const row = await mentionOf(source);
    expect(row).toMatchObject({
      status: 'invalid',
      commentId: null,
      lastError: 'The source does not link to the target.',
    });
  });

  it('removes the comment when the source drops the link, and when it is gone (410)', async () => {
    const source = site.url('/changing');
    site.serve('/changing', { body: replyPage(target()) });
    await send(source).expect(202);
    await deliver();
    const { comment } = await mentionOf(source);
    expect(comment).not.toBeNull();

    site.serve('/changing', { body: noLinkPage(target()) });
    await send(source).expect(202);
    await deliver();
    expect(await mentionOf(source)).toMatchObject({ status: 'invalid', commentId: null });
    expect(await db.comment.findUnique({ where: { id: comment!.id } })).toBeNull();

    site.serve('/changing', { body: replyPage(target()) });
    await send(source).expect(202);
    await deliver();
    expect((await mentionOf(source)).status).toBe('verified');

    site.serve('/changing', { status: 410, body: 'Gone' });
    await send(source).expect(202);
    await deliver();
    expect(await mentionOf(source)).toMatchObject({ status: 'gone', commentId: null });
    expect(await db.comment.count({ where: { sourceUrl: source } })).toBe(0);
  });

  it('retries a source that fails with a 5xx, with back-off, then records it', async () => {
    const source = site.url('/flaky');
    site.serve('/flaky', { status: 503, body: 'Busy' });
    await send(source).expect(202);
    expect(await deliver()).toEqual({ delivered: 0, failed: 1 });
    expect((await mentionOf(source)).status).toBe('queued');
    site.serve('/flaky', { body: replyPage(target()) });
    expect(await deliver()).toEqual({ delivered: 0, failed: 0 }); // waiting out its back-off
    clock.set(new Date(clock.now().getTime() + 60 * 60_000));
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 1, failed: 0 });
    expect((await mentionOf(source)).status).toBe('verified');
  });
});
