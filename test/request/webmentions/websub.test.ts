import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import request from 'supertest';
import { ManualClock } from '#app/clock.ts';
import { db } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { deliverDueNotifications } from '#app/notifications/outbox.ts';
import { retryDelayMs } from '#app/notifications/backoff.ts';
import { saveArticle } from '#app/models/article.ts';
import { currentSettings, forgetSettings } from '#app/models/settings.ts';
import { websubCoalesceMs } from '#app/models/article/syndication.ts';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { startWebmentionSite, type WebmentionSite } from '#test/support/webmention-site.ts';
import { changeSettings, createArticle, createUser } from '#test/fixtures/factories.ts';

// WebSub: the hub set in Settings (checked there), advertised by every feed
// in its XML and Link header, and pinged through the outbox, once for a
// burst of edits, with a real recording hub on loopback.

let t: TestApp;
let hub: WebmentionSite;
let admin: SignedInAgent;
let clock: ManualClock;
let context: MonitorContext;
let hubUrl: string;

beforeAll(async () => {
  hub = await startWebmentionSite();
  hub.page('/hub', { status: 202 });
  hubUrl = `${hub.origin}/hub`;
  t = await startTestApp({ env: { FOLIO_OUTBOUND_ALLOW_PRIVATE: 'on' } });
  ({ admin } = await signInAdminAndAuthor(t.app));
  clock = new ManualClock(new Date(Date.now() + 1_000));
  context = { config: t.config, logger: pino({ level: 'silent' }), clock };
});
afterAll(async () => {
  await hub.stop();
  await t.close();
});
beforeEach(async () => {
  await db.notification.deleteMany();
  clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 1_000));
});

const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
/** Delivers what is due, the clock first catching up with the wall clock (rows are queued by it; saves take time on a busy machine). */
const deliver = () => {
  clock.set(new Date(Math.max(Date.now(), clock.now().getTime())));
  return deliverDueNotifications(context);
};
const form = {
  blogTitle: 'Open',
  subtitle: '',
  articlesPerPage: '10',
  timeZone: 'UTC',
  commentPolicy: 'moderate-all',
  commentsCloseAfterDays: '0',
  webmentions: 'on',
};

describe('the open web settings', () => {
  it.each([['ftp://hub.example/'], ['not a url'], [`https://hub.example/${'x'.repeat(500)}`]])(
    'refuses the hub %s with 422 and a message',
    async (websubHub) => {
      const res = await admin.post('/admin/settings', { ...form, websubHub }).expect(422);
      expect(res.text).toMatch(/Give the hub as an http:\/\/ or https:\/\/ address|under 500 characters/);
      forgetSettings();
      expect((await currentSettings()).websubHub).toBe('');
    },
  );

  it('saves the hub and the webmention switch, and shows them in the form', async () => {
    await admin
      .post('/admin/settings', { ...form, webmentions: undefined, websubHub: ' https://hub.example/ ' })
      .expect(303);
    forgetSettings();
    expect(await currentSettings()).toMatchObject({ webmentions: false, websubHub: 'https://hub.example/' });
    const page = await admin.get('/admin/settings');
    expect(page.text).toContain('value="https://hub.example/"');
    expect(page.text).toMatch(/name="webmentions" value="on"> Accept and send webmentions/);
    await admin.post('/admin/settings', { ...form, websubHub: '' }).expect(303);
    forgetSettings();
    expect(await currentSettings()).toMatchObject({ webmentions: true, websubHub: '' });
  });
});

describe('WebSub', () => {
  it('feeds advertise the hub and themselves, in the XML and in a Link header, only when a hub is set', async () => {
    const plain = await request(t.app).get('/articles.atom').expect(200);
    expect(plain.headers.link).toBeUndefined();
    expect(plain.text).not.toContain('rel="hub"');

    await changeSettings({ websubHub: hubUrl });
    const atom = await request(t.app).get('/articles.atom').expect(200);
    expect(atom.headers.link).toBe(`<${hubUrl}>; rel="hub", <${testBaseUrl}/articles.atom>; rel="self"`);
    expect(atom.text).toContain(`<link rel="hub" href="${hubUrl}"/>`);
    expect(atom.text).toContain(`<link rel="self" href="${testBaseUrl}/articles.atom"/>`);
    const rss = await request(t.app).get('/articles.rss').expect(200);
    expect(rss.headers.link).toBe(`<${hubUrl}>; rel="hub", <${testBaseUrl}/articles.rss>; rel="self"`);
    expect(rss.text).toContain(`<atom:link href="${hubUrl}" rel="hub"/>`);
    expect(rss.text).toContain(`<atom:link href="${testBaseUrl}/articles.rss" rel="self" type="application/rss+xml"/>`);
  });

  it('pings the hub once for a burst of edits, for each feed the article is in', async () => {
    await changeSettings({ websubHub: hubUrl });
    const author = await createUser({ login: 'lovelace' });
    const article = await createArticle({ author, tags: 'engines' });
    await saveArticle(
      { title: 'Edited', state: 'published', publishedAt: article.publishedAt, tags: 'engines' },
      author.id,
      article.id,
    );
    await createArticle({ author, state: 'draft' });
    const rows = await db.notification.findMany({ where: { channel: 'websub' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.recipient).toBe(hubUrl);

    // Held back a few seconds after the first save, so the edit rode along.
    const { nextAttemptAt } = rows[0]!;
    expect(nextAttemptAt.getTime() - article.updatedAt.getTime()).toBeGreaterThanOrEqual(websubCoalesceMs - 1_000);
    clock.set(new Date(nextAttemptAt.getTime() - 100));
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 0, failed: 0 });
    clock.set(nextAttemptAt);
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 1, failed: 0 });
    expect(hub.posts('/hub').map((fields) => [fields['hub.mode'], fields['hub.url']])).toEqual(
      ['/articles', '/tag/engines', '/author/lovelace'].flatMap((path) =>
        ['atom', 'rss'].map((format) => ['publish', `${testBaseUrl}${path}.${format}`]),
      ),
    );
  });

  it('retries a hub that fails, and pings when a published article goes back to draft', async () => {
    await changeSettings({ websubHub: hubUrl });
    const author = await createUser();
    const article = await createArticle({ author });
    await saveArticle({ title: article.title, state: 'draft' }, author.id, article.id);
    hub.failNext('/hub', 1, 503);
    const before = hub.posts('/hub').length;
    later(websubCoalesceMs);
    expect(await deliver()).toEqual({ delivered: 0, failed: 1 });
    later(retryDelayMs(1, () => 0) + 1_000);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    expect(hub.posts('/hub').length - before).toBe(1 + 4);
  });

  it('pings nothing without a hub', async () => {
    await changeSettings({ websubHub: '' });
    await createArticle();
    expect(await db.notification.count({ where: { channel: 'websub' } })).toBe(0);
  });
});
