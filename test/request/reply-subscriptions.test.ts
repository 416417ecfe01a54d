import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent } from '#test/support/admin.ts';
import { startSmtpServer, type MailMessage, type SmtpServer } from '#test/support/smtp-server.ts';
import { linkIn, mailCourier, pathOf, postComment } from '#test/support/comment-mail.ts';
import * as cast from '#test/fixtures/cast.ts';
import { changeSettings, createArticle } from '#test/fixtures/factories.ts';
import { db, type Article } from '#app/models/db.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { maxConfirmationsPerDay } from '#app/models/reply-subscription.ts';

// Reply subscriptions end to end, through the real outbox and a real SMTP
// server, on this project's database: the form's box, the double opt-in
// (a GET only asks, the POST confirms), answers that never tell whether an
// address was subscribed, the daily bound, the mail about each visible
// comment, and the unsubscribe link (page and one-click) in every mail.

describe('reply subscriptions', () => {
  let t: TestApp;
  let smtp: SmtpServer;
  let courier: ReturnType<typeof mailCourier>;
  let article: Article;
  let n = 0;
  const fresh = () => `reader${++n}@example.net`;
  const confirmLink = (mail: MailMessage) =>
    pathOf(linkIn(mail, /http:\/\/blog\.test\/subscriptions\/[\w.-]+\/confirmation/));
  const unsubscribeLink = (mail: MailMessage) =>
    pathOf(linkIn(mail, /http:\/\/blog\.test\/subscriptions\/[\w.-]+\/deletion/));
  const subscription = (email: string, on = article) =>
    db.replySubscription.findUnique({ where: { articleId_email: { articleId: on.id, email } } });
  /** Asks to subscribe with a comment; returns the confirmation mail (the only mail) if one came. */
  async function ask(email: string, on = article): Promise<MailMessage | undefined> {
    await postComment(t, on, { email, subscribe: 'on', body: `Subscribe ${email}` }).expect(303);
    const mails = (await courier.delivered()).filter((m) => m.recipients.includes(email));
    expect(mails.length).toBeLessThanOrEqual(1);
    return mails[0];
  }
  /** A confirmed subscriber of `on`, through the mail's link. */
  async function subscribed(email = fresh(), on = article): Promise<{ email: string; mail: MailMessage }> {
    const mail = (await ask(email, on))!;
    await request(t.app).post(confirmLink(mail)).expect(200);
    return { email, mail };
  }

  beforeAll(async () => {
    t = await startTestApp();
    smtp = await startSmtpServer(t.dir);
    courier = mailCourier(t, smtp);
    await cast.ada();
    // Grace wants no mail of her own here: only the subscribers' mail is counted.
    const grace = await cast.grace();
    await db.user.update({ where: { id: grace.id }, data: { notifyComments: 'off' } });
    article = await createArticle({ author: grace, title: 'Grace on compilers' });
  });
  afterAll(async () => {
    await smtp.stop();
    await t.close();
  });
  beforeEach(async () => {
    await changeSettings({ commentPolicy: 'open', replySubscriptions: true, theme: 'default' });
    await courier.delivered();
  });

  it('offers the box in both themes only while the blog allows subscriptions', async () => {
    for (const theme of ['default', 'minimal']) {
      await changeSettings({ theme });
      const page = await request(t.app).get(articlePath(article)).expect(200);
      expect(page.text).toContain('name="subscribe" type="checkbox" value="on"');
      expect(page.text).toContain('Mail me when someone else comments here');
    }
    await changeSettings({ replySubscriptions: false });
    const page = await request(t.app).get(articlePath(article)).expect(200);
    expect(page.text).not.toContain('name="subscribe"');
    // Asked for anyway (an old page), nothing is stored or sent.
    await postComment(t, article, { email: 'late@example.net', subscribe: 'on' }).expect(303);
    expect(await subscription('late@example.net')).toBeNull();
    expect(await courier.delivered()).toEqual([]);
  });

  it('keeps the box ticked on the preview page', async () => {
    const res = await request(t.app)
      .post(`${articlePath(article)}/comments/preview`)
      .type('form')
      .send({ authorName: 'Reader', email: 'preview@example.net', subscribe: 'on', body: 'Previewed' })
      .expect(200);
    expect(res.text).toContain('name="subscribe" type="checkbox" value="on" checked');
  });

  it('sends one confirmation mail with the unsubscribe link and headers; the GET asks, only the POST confirms', async () => {
    const email = fresh();
    const mail = (await ask(email))!;
    expect(mail.subject).toBe('Confirm: mail about new comments on “Grace on compilers”');
    const unsubscribe = linkIn(mail, /http:\/\/blog\.test\/subscriptions\/[\w.-]+\/deletion/);
    expect(mail.headers['list-unsubscribe']).toBe(`<${unsubscribe}>`);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect((await subscription(email))?.confirmedAt).toBeNull();

    const link = confirmLink(mail);
    const page = await request(t.app).get(link).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Confirm your subscription');
    expect(page.text).toContain(`<form method="post" action="${link}"`);
    expect(page.text).toContain('>Confirm</button>');
    expect(page.text).toContain(`href="${articlePath(article)}"`);
    expect((await subscription(email))?.confirmedAt).toBeNull();

    const done = await request(t.app).post(link).expect(200);
    expect(done.text).toContain('Subscription confirmed');
    expect((await subscription(email))?.confirmedAt).toBeInstanceOf(Date);
    await request(t.app).post(link).expect(200);
  });

  it('answers alike for a new, an unconfirmed and a confirmed address; a confirmed one gets no new mail', async () => {
    const { email: confirmed } = await subscribed();
    const unconfirmed = fresh();
    await ask(unconfirmed);
    const brandNew = fresh();
    const answers = [];
    for (const email of [brandNew, unconfirmed, confirmed, confirmed.toUpperCase()]) {
      const res = await postComment(t, article, { email, subscribe: 'on', body: 'Same words' }).expect(303);
      answers.push({ location: res.headers.location?.replace(/\d+$/, 'N'), cookie: res.headers['set-cookie'] });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const confirmations = (await courier.delivered()).filter((m) => m.subject.startsWith('Confirm'));
    expect(confirmations.flatMap((m) => m.recipients).sort()).toEqual([brandNew, unconfirmed].sort());
    expect(await db.replySubscription.count({ where: { email: confirmed } })).toBe(1);
  });

  it(`sends one address at most ${maxConfirmationsPerDay} confirmation mails a day, over all articles`, async () => {
    const email = fresh();
    const others = await Promise.all([1, 2, 3].map((i) => createArticle({ title: `Another ${i}` })));
    const mails = [await ask(email), await ask(email), await ask(email, others[0]), await ask(email, others[1])];
    expect(mails.filter(Boolean)).toHaveLength(maxConfirmationsPerDay);
    expect(await ask(email, others[2])).toBeUndefined();
    expect(await subscription(email, others[2])).not.toBeNull();
  });

  it('mails confirmed subscribers about a published comment, not the commenter (in any case) nor the unconfirmed', async () => {
    const fellow = await subscribed();
    const commenter = await subscribed();
    const unconfirmed = fresh();
    await ask(unconfirmed);
    await postComment(t, article, {
      authorName: 'Ada',
      email: commenter.email.toUpperCase(),
      body: 'A *reply* for you',
    }).expect(303);
    const comment = await db.comment.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const mails = await courier.delivered();
    expect(mails.map((m) => m.recipients).sort()).toEqual(
      (await db.replySubscription.findMany({ where: { articleId: article.id, confirmedAt: { not: null } } }))
        .map((s) => [s.email])
        .filter(([e]) => e !== commenter.email)
        .sort(),
    );
    const mail = mails.find((m) => m.recipients.includes(fellow.email))!;
    expect(mail.subject).toBe('New comment on “Grace on compilers”');
    expect(mail.text).toContain('Ada commented on “Grace on compilers”:\n\n> A *reply* for you');
    expect(mail.text).toContain(`http://blog.test${articlePath(article)}#comment-${comment.id}`);
    expect(mail.headers['list-unsubscribe']).toBe(`<http://blog.test${unsubscribeLink(mail)}>`);
    expect(mails.flatMap((m) => m.recipients)).not.toContain(unconfirmed);
  });

  it('mails subscribers about a held comment only once it is approved', async () => {
    const { email } = await subscribed();
    await changeSettings({ commentPolicy: 'moderate-all' });
    await postComment(t, article, { body: 'Held back a while' }).expect(303);
    expect((await courier.delivered()).flatMap((m) => m.recipients)).not.toContain(email);
    const comment = await db.comment.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const admin = await signedInAgent(t.app, 'ada');
    await admin.get('/admin/comments');
    await admin.post('/admin/comments/approval', { ids: String(comment.id) }).expect(303);
    const mails = (await courier.delivered()).filter((m) => m.recipients.includes(email));
    expect(mails.map((m) => m.text.includes('> Held back a while'))).toEqual([true]);
  });

  it('unsubscribes by the link: the GET asks, the POST ends it, and no more mail comes', async () => {
    const { email, mail } = await subscribed();
    const link = unsubscribeLink(mail);
    const page = await request(t.app).get(link).expect(200);
    expect(page.text).toContain('Stop these mails?');
    expect(page.text).toContain('>Unsubscribe</button>');
    expect((await subscription(email))?.confirmedAt).not.toBeNull();
    const done = await request(t.app).post(link).expect(200);
    expect(done.text).toContain('Unsubscribed');
    expect((await subscription(email))?.confirmedAt).toBeNull();
    await postComment(t, article, { body: 'Nobody unsubscribed hears this' }).expect(303);
    expect((await courier.delivered()).flatMap((m) => m.recipients)).not.toContain(email);
  });

  it('unsubscribes with a mail client’s one-click POST, from another site and with no form', async () => {
    const { email, mail } = await subscribed();
    await request(t.app)
      .post(unsubscribeLink(mail))
      .set('Origin', 'https://mail.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect((await subscription(email))?.confirmedAt).toBeNull();
    await postComment(t, article, { body: 'After the one click' }).expect(303);
    expect((await courier.delivered()).flatMap((m) => m.recipients)).not.toContain(email);
    // Confirming stays a same-site form: another site cannot confirm for someone.
    await request(t.app).post(confirmLink(mail)).set('Sec-Fetch-Site', 'cross-site').expect(403);
    expect((await subscription(email))?.confirmedAt).toBeNull();
  });

  it('answers a tampered, truncated or misused link with a themed 404 that says so, changing nothing', async () => {
    const email = fresh();
    const mail = (await ask(email))!;
    const link = confirmLink(mail);
    const token = link.split('/')[2]!;
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const otherId = `${Number(token.split('.')[0]) + 1}.${token.split('.')[1]}`;
    for (const bad of [
      `/subscriptions/${flipped}/confirmation`,
      `/subscriptions/${otherId}/confirmation`,
      `/subscriptions/${token.slice(0, 20)}/confirmation`,
      `/subscriptions/${token}/deletion`,
      '/subscriptions/nonsense/deletion',
    ]) {
      const page = await request(t.app).get(bad).expect(404);
      expect(page.text).toContain('This link does not work');
      expect(page.text).toContain('/themes/default/assets/style.css');
      await request(t.app).post(bad).expect(404);
    }
    expect((await subscription(email))?.confirmedAt).toBeNull();
  });
});
