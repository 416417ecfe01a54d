import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { csrfFrom, signedInAgent, testPassword, type SignedInAgent } from '#test/support/admin.ts';
import { expectAnonymousPostRefused, expectCsrfRefused, expectSignInRedirect } from '#test/request/admin/guards.ts';
import { startSmtpServer, type SmtpServer } from '#test/support/smtp-server.ts';
import { linkIn, mailCourier, pathOf, postComment } from '#test/support/comment-mail.ts';
import * as cast from '#test/fixtures/cast.ts';
import { changeSettings, createArticle } from '#test/fixtures/factories.ts';
import { db, type Article, type User } from '#app/models/db.ts';
import { currentSettings } from '#app/models/settings.ts';
import { noticesOfNewComment } from '#app/models/comment/notices.ts';

// The author's mail about a new comment, through the real outbox and a real
// SMTP server, on this project's database: the blog's switch and each
// author's choice, and the link in it, which needs a sign-in and comes back
// to the comment's own page with its moderation buttons.

describe('mail to authors about comments', () => {
  let t: TestApp;
  let smtp: SmtpServer;
  let courier: ReturnType<typeof mailCourier>;
  let grace: User;
  let article: Article;
  let author: SignedInAgent;
  let admin: SignedInAgent;
  const lastComment = () => db.comment.findFirstOrThrow({ orderBy: { id: 'desc' } });
  const choose = (notifyComments: string) => db.user.update({ where: { id: grace.id }, data: { notifyComments } });

  beforeAll(async () => {
    t = await startTestApp();
    smtp = await startSmtpServer(t.dir);
    courier = mailCourier(t, smtp);
    await cast.ada();
    grace = await cast.grace();
    await cast.linus();
    article = await createArticle({ author: grace, title: 'Grace on compilers' });
    admin = await signedInAgent(t.app, 'ada');
    author = await signedInAgent(t.app, 'grace');
  });
  afterAll(async () => {
    await smtp.stop();
    await t.close();
  });
  beforeEach(async () => {
    await changeSettings({ commentPolicy: 'moderate-all', commentNotifications: true, replySubscriptions: true });
    await choose('held');
    await courier.delivered();
  });

  it('mails the author about a held comment: title, name and text, a link to the comment, and no IP or address', async () => {
    await postComment(
      t,
      article,
      { authorName: 'Mallory', email: 'mallory@example.org', body: 'First line\n\nSecond *line*' },
      '198.51.100.99',
    ).expect(303);
    const comment = await lastComment();
    const [mail, ...more] = await courier.delivered();
    expect(more).toEqual([]);
    expect(mail!.recipients).toEqual(['grace@example.com']);
    expect(mail!.subject).toBe('Comment to moderate on “Grace on compilers”');
    expect(mail!.text).toContain('Mallory commented on “Grace on compilers”. The comment is held for moderation:');
    expect(mail!.text).toContain('> First line\n>\n> Second *line*');
    expect(mail!.text).toContain(
      `Approve it, mark it as spam or delete it: http://blog.test/admin/comments/${comment.id}`,
    );
    expect(mail!.text).not.toContain('198.51.100.99');
    expect(mail!.text).not.toContain('mallory@example.org');
  });

  it('follows the author’s choice: held mails only held comments, all mails published ones too, off mails none', async () => {
    await changeSettings({ commentPolicy: 'open' });
    await postComment(t, article, { body: 'Published at once' }).expect(303);
    expect(await courier.delivered()).toEqual([]);

    await choose('all');
    await postComment(t, article, { authorName: 'Bob', body: 'Published, and Grace wants to know' }).expect(303);
    const comment = await lastComment();
    const [mail, ...more] = await courier.delivered();
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('New comment on “Grace on compilers”');
    expect(mail!.text).toContain(`Mark it as spam or delete it: http://blog.test/admin/comments/${comment.id}`);
    await changeSettings({ commentPolicy: 'moderate-all' });
    await postComment(t, article, { body: 'Held, and Grace wants all' }).expect(303);
    expect((await courier.delivered()).map((m) => m.subject)).toEqual(['Comment to moderate on “Grace on compilers”']);

    await choose('off');
    await postComment(t, article, { body: 'Held, and Grace wants none' }).expect(303);
    expect(await courier.delivered()).toEqual([]);
  });

  it('mails no author while the blog’s switch is off, whatever they chose', async () => {
    await choose('all');
    await changeSettings({ commentNotifications: false });
    await postComment(t, article, { body: 'Nobody hears of this' }).expect(303);
    expect(await courier.delivered()).toEqual([]);
    expect(await db.notification.count({ where: { purpose: 'comment', deliveredAt: null } })).toBe(0);
  });

  it('never mails about spam: a spam comment causes no mail, and marking one as spam sends none', async () => {
    await choose('all');
    await postComment(t, article, { body: 'Buy cheap watches' }).expect(303);
    expect(await courier.delivered()).toHaveLength(1);
    const comment = await lastComment();
    await admin.get('/admin/comments');
    await admin.post('/admin/comments/spam-marking', { ids: String(comment.id) }).expect(303);
    expect(await courier.delivered()).toEqual([]);
    // However a comment came to be spam, the notices skip it (the form never stores spam itself).
    const spam = await db.comment.findUniqueOrThrow({ where: { id: comment.id } });
    await db.$transaction((tx) => currentSettings().then((s) => noticesOfNewComment(tx, spam, s, t.config, true)));
    expect(await courier.delivered()).toEqual([]);
  });

  it('links to a page that needs a sign-in, comes back to it, and approves the comment from there', async () => {
    await postComment(t, article, { authorName: 'Linked', body: 'Approve me from the mail' }).expect(303);
    const [mail] = await courier.delivered();
    const link = pathOf(linkIn(mail!, /http:\/\/blog\.test\/admin\/comments\/\d+/));
    await expectSignInRedirect(t.app, link);

    const browser = request.agent(t.app);
    const signIn = await browser.get(`/admin/sign-in?next=${encodeURIComponent(link)}`).expect(200);
    expect(signIn.text).toContain(`name="next" value="${link}"`);
    await browser
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(signIn.text), login: 'grace', password: testPassword, next: link })
      .expect(303)
      .expect('Location', link);
    const page = await browser.get(link).expect(200);
    expect(page.text).toContain('Approve me from the mail');
    expect(page.text).toContain('Grace on compilers');
    expect(page.text).toMatch(/<button type="submit" formaction="\/admin\/comments\/approval">Approve<\/button>/);
    expect(page.text).toContain('formaction="/admin/comments/spam-marking"');
    expect(page.text).toContain('formaction="/admin/comments/deletion"');
    const id = link.split('/').pop()!;
    await browser
      .post('/admin/comments/approval')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ids: id, shown: id })
      .expect(303)
      .expect('Location', link);
    expect((await db.comment.findUniqueOrThrow({ where: { id: Number(id) } })).status).toBe('approved');
    const after = await browser.get(link).expect(200);
    expect(after.text).toContain('1 comment approved.');
    expect(after.text).not.toContain('formaction="/admin/comments/approval"');
  });

  it('shows the comment page only to who may moderate it, and sends a sign-in elsewhere only to admin pages', async () => {
    await postComment(t, article, { body: 'For Grace only' }).expect(303);
    const comment = await lastComment();
    const linus = await signedInAgent(t.app, 'linus');
    await linus.get(`/admin/comments/${comment.id}`, 404);
    await admin.get(`/admin/comments/${comment.id}`, 200);
    await author.get('/admin/comments/999999', 404);
    await author.get('/admin/comments/0x1', 404);
    await author
      .post('/admin/comments/deletion', { ids: String(comment.id), shown: String(comment.id) })
      .expect(303)
      .expect('Location', '/admin/comments?status=pending');
    const page = await request(t.app).get('/admin/sign-in?next=%2F%2Fevil.example%2Fadmin').expect(200);
    expect(page.text).toContain('name="next" value="/admin"');
  });

  it('lets each user choose on their own page, authors included, and the admin switch the blog’s mail in Settings', async () => {
    await expectSignInRedirect(t.app, '/admin/profile');
    await expectAnonymousPostRefused(t.app, '/admin/profile', { notifyComments: 'all' });
    const page = await author.get('/admin/profile');
    expect(page.text).toMatch(/value="held" checked> Mail me about comments held for moderation/);
    await expectCsrfRefused(author, '/admin/profile', { notifyComments: 'all' });
    const refused = await author.post('/admin/profile', { notifyComments: 'everything' }).expect(422);
    expect(refused.text).toContain('Choose one of the three.');
    await author.post('/admin/profile', { notifyComments: 'all' }).expect(303).expect('Location', '/admin/profile');
    expect((await db.user.findUniqueOrThrow({ where: { id: grace.id } })).notifyComments).toBe('all');

    const settings = await admin.get('/admin/settings');
    expect(settings.text).toContain('name="commentNotifications" value="on" checked');
    expect(settings.text).toContain('name="replySubscriptions" value="on" checked');
    const form = {
      blogTitle: 'My Folio blog',
      subtitle: '',
      articlesPerPage: '10',
      timeZone: 'UTC',
      commentPolicy: 'moderate-all',
      commentsCloseAfterDays: '0',
    };
    await admin.post('/admin/settings', { ...form, replySubscriptions: 'on' }).expect(303);
    expect(await currentSettings()).toMatchObject({ commentNotifications: false, replySubscriptions: true });
    expect((await author.get('/admin/profile')).text).toContain('The blog sends no mail about comments at the moment');
    await admin.post('/admin/settings', { ...form, commentNotifications: 'on' }).expect(303);
    expect(await currentSettings()).toMatchObject({ commentNotifications: true, replySubscriptions: false });
  });
});
