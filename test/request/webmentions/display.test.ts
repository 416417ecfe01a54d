import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { ManualClock } from '#app/clock.ts';
import { db, type Article } from '#app/models/db.ts';
import { deliverDueNotifications } from '#app/notifications/outbox.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import { startSourceSite, type SourceSite } from '#test/support/source-site.ts';
import { changeSettings, createArticle } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { bridgyLikePage, bridgyRepostPage, mentionPage, replyPage } from '#test/request/webmentions/markup.ts';

// Webmentions as readers and moderators see them: held until approved in
// Admin → Comments, then replies and mentions shown as comments naming
// their source, likes and reposts as a line of names, in both themes; the
// comment feed; an edited source updating its approved comment; the
// endpoint advertised in a Link header.

let t: TestApp;
let site: SourceSite;
let article: Article;
let admin: SignedInAgent;
const clock = new ManualClock(new Date(Date.now() + 1_000));
let ip = 0;

const permalink = () => `/${article.publishedOn!.replaceAll('-', '/')}/${article.slug}`;
const target = () => `${testBaseUrl}${permalink()}`;
const linkHeader = `<${testBaseUrl}/webmention>; rel="webmention"`;

async function mention(path: string, html: string) {
  site.serve(path, { body: html });
  await request(t.app)
    .post('/webmention')
    .set('X-Forwarded-For', `192.0.2.${++ip}`)
    .type('form')
    .send({ source: site.url(path), target: target() })
    .expect(202);
  clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 1_000));
  await deliverDueNotifications({ config: t.config, logger: pino({ level: 'silent' }), clock });
  return db.comment.findFirstOrThrow({ where: { sourceUrl: site.url(path) } });
}

beforeAll(async () => {
  site = await startSourceSite();
  t = await startTestApp({ env: { FOLIO_OUTBOUND_ALLOW_PRIVATE: 'on' } });
  await ada();
  article = await createArticle({ title: 'On counting' });
  admin = await signedInAgent(t.app, 'ada');
});
afterAll(async () => {
  await t.close();
  await site.stop();
});

describe('received webmentions on the article page', () => {
  const host = () => new URL(site.url('/')).host;
  let ids: number[] = [];

  it('holds them for moderation: nothing is shown while they are pending', async () => {
    ids = [
      (await mention('/reply', replyPage(target()))).id,
      (await mention('/like-alice', bridgyLikePage(target()))).id,
      // Bob's name is text with markup in it ("Bob <b>Bold</b>"), to be shown as text.
      (await mention('/like-bob', bridgyLikePage(target(), 'Bob &lt;b&gt;Bold&lt;/b&gt;', 'bob'))).id,
      (await mention('/repost', bridgyRepostPage(target()))).id,
      (await mention('/links', mentionPage(target()))).id,
    ];
    expect(await db.comment.count({ where: { id: { in: ids }, status: 'pending' } })).toBe(5);
    const page = await request(t.app).get(permalink()).expect(200);
    expect(page.text).not.toContain('Grace Hopper');
    expect(page.text).not.toContain('Liked by');
  });

  it('shows their type and source in Admin → Comments, where they are approved like comments', async () => {
    const queue = await admin.get('/admin/comments');
    expect(queue.text).toContain('Webmention: reply');
    expect(queue.text).toContain('Webmention: like');
    expect(queue.text).toContain(`<a href="${site.url('/reply')}" rel="nofollow ugc noopener" target="_blank">`);
    const one = await admin.get(`/admin/comments/${ids[0]}`);
    expect(one.text).toContain('Webmention: reply');
    await admin.post('/admin/comments/approval', { ids: ids.map(String), status: 'pending' }).expect(303);
    expect(await db.comment.count({ where: { id: { in: ids }, status: 'approved' } })).toBe(5);
    // Likes and reposts are no comments: the count the listings show has the reply and the mention.
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentsCount).toBe(2);
  });

  it.each(['default', 'minimal'])(
    'shows replies and mentions as comments, likes and reposts as names (%s theme)',
    async (theme) => {
      await changeSettings({ theme });
      try {
        const { text } = await request(t.app).get(permalink()).expect(200);
        expect(text).toContain('2 comments');
        expect(text).toContain('Grace Hopper');
        expect(text).toContain(`replied on <a href="${site.url('/reply')}" rel="nofollow ugc">${host()}</a>`);
        expect(text).toContain(`mentioned this on <a href="${site.url('/links')}" rel="nofollow ugc">${host()}</a>`);
        expect(text).toContain('Worth reading');
        expect(text).not.toContain('<script>alert');
        // Grace's photo is on plain http: the pages' img-src would block it, so none is shown.
        expect(text).not.toContain('grace.jpg');
        const liked = /<p class="reaction-line reaction-like">([\s\S]*?)<\/p>/.exec(text)?.[1] ?? '';
        expect(liked).toMatch(/^Liked by/);
        expect(liked).toContain('<img src="https://files.mastodon.example/alice.png"');
        expect(liked).toContain('<a href="https://mastodon.example/@alice" rel="nofollow ugc">Alice Liker</a>');
        expect(liked).toContain('Bob &lt;b&gt;Bold&lt;/b&gt;');
        const reposted = /<p class="reaction-line reaction-repost">([\s\S]*?)<\/p>/.exec(text)?.[1] ?? '';
        expect(reposted).toMatch(/^Reposted by/);
        expect(reposted).toContain('Carol Reposter');
        expect(reposted).not.toContain('<img');
        expect(text).not.toContain('javascript:');
      } finally {
        await changeSettings({ theme: 'default' });
      }
    },
  );

  it('lists replies and mentions in the comment feeds, saying where they are, and leaves likes out', async () => {
    const { text } = await request(t.app).get('/comments.atom').expect(200);
    expect(text).toContain('Grace Hopper replied to “On counting”');
    expect(text).toContain('Linus Links mentioned “On counting”');
    expect(text).not.toContain('Alice Liker');
    const own = await request(t.app).get(`${permalink()}.atom`).expect(200);
    expect(own.text).toContain('Grace Hopper replied to');
    expect(own.text).not.toContain('Carol Reposter');
  });

  it('updates an approved reply when its source is edited and sent again: it stays approved', async () => {
    const updated = await mention('/reply', replyPage(target(), 'Edited: counting from zero after all.'));
    expect(updated).toMatchObject({ id: ids[0], status: 'approved' });
    const { text } = await request(t.app).get(permalink()).expect(200);
    expect(text).toContain('Edited: counting from zero after all.');
    expect(text).not.toContain('Great post!');
  });

  it('removes a like deleted in Admin → Comments from the page', async () => {
    await admin.post('/admin/comments/deletion', { ids: String(ids[2]), status: 'approved' }).expect(303);
    const { text } = await request(t.app).get(permalink()).expect(200);
    expect(text).toContain('Alice Liker');
    expect(text).not.toContain('Bob &lt;b&gt;');
  });
});

describe('advertising the endpoint', () => {
  it('sends a Link header with rel="webmention" on themed pages, while the blog takes webmentions', async () => {
    for (const path of ['/', permalink(), '/archives'])
      expect((await request(t.app).get(path).expect(200)).headers.link).toContain(linkHeader);
    await db.setting.update({ where: { id: 1 }, data: { webmentions: false } });
    forgetSettings();
    try {
      const res = await request(t.app).get(`${permalink()}?fresh=1`).expect(200);
      expect(res.headers.link ?? '').not.toContain('rel="webmention"');
    } finally {
      await db.setting.update({ where: { id: 1 }, data: { webmentions: true } });
      forgetSettings();
    }
  });
});
