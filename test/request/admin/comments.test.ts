import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle, createComment } from '#test/fixtures/factories.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { db, type Article, type User } from '#app/models/db.ts';

describe('admin comment moderation', () => {
  let t: TestApp;
  let grace: User;
  let linus: User;
  let gracesArticle: Article;
  let linussArticle: Article;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  const publicUrl = (a: Article) => `/${a.publishedOn!.replaceAll('-', '/')}/${a.slug}`;
  const status = async (id: number) => (await db.comment.findUnique({ where: { id } }))?.status ?? 'gone';

  beforeAll(async () => {
    t = await startTestApp();
    await cast.ada();
    grace = await cast.grace();
    linus = await cast.linus();
    gracesArticle = await createArticle({ author: grace, title: 'Grace on compilers' });
    linussArticle = await createArticle({ author: linus, title: 'Linus on kernels' });
    admin = await signedInAgent(t.app, 'ada');
    author = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  it('sends anonymous visitors to sign in and refuses their posts', async () => {
    await expectSignInRedirect(t.app, '/admin/comments');
    await expectSignInRedirect(t.app, '/admin/comments/spam/deletion');
    for (const path of [
      '/admin/comments/approval',
      '/admin/comments/spam-marking',
      '/admin/comments/deletion',
      '/admin/comments/spam/deletion',
    ]) {
      await expectAnonymousPostRefused(t.app, path, { ids: '1' });
    }
  });

  it('shows the pending queue by default with article, author, email, IP, time and the sanitised body', async () => {
    const comment = await createComment(gracesArticle, {
      authorName: '<b>Mallory</b>',
      email: 'mallory@example.org',
      body: '**Loud** words <script>alert(1)</script> <img src=x onerror=alert(2)>',
    });
    const res = await admin.get('/admin/comments');
    expect(res.text).toContain(`id="comment-${comment.id}"`);
    expect(res.text).toContain(`href="${publicUrl(gracesArticle)}"`);
    expect(res.text).toContain('Grace on compilers');
    expect(res.text).toContain('&lt;b&gt;Mallory&lt;/b&gt;');
    expect(res.text).toContain('mallory@example.org');
    expect(res.text).toContain('198.51.100.7');
    expect(res.text).toMatch(/<time datetime="\d{4}-/);
    expect(res.text).toContain('<strong>Loud</strong>');
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).not.toMatch(/<img[^>]*onerror/);
    expect(res.text).toMatch(/aria-current="page">Pending/);
  });

  it('filters by status tab and pages 25 at a time, newest first', async () => {
    const article = await createArticle({ author: grace, title: 'Busy thread' });
    const ids: number[] = [];
    for (let i = 0; i < 27; i++) {
      const c = await createComment(article, { body: `Spam number ${i}` }, 'spam');
      await db.comment.update({ where: { id: c.id }, data: { createdAt: new Date(Date.UTC(2030, 0, 1, 0, i)) } });
      ids.push(c.id);
    }
    const first = await admin.get('/admin/comments?status=spam');
    expect(first.text.match(/class="queued-comment"/g)).toHaveLength(25);
    expect(first.text.indexOf('Spam number 26')).toBeLessThan(first.text.indexOf('Spam number 25'));
    expect(first.text).not.toContain('Spam number 1<');
    expect(first.text).toContain('href="/admin/comments?status=spam&amp;page=2"');
    const second = await admin.get('/admin/comments?status=spam&page=2');
    expect(second.text).toContain('Spam number 1<');
    expect(second.text).toContain('Spam number 0<');
    expect((await admin.get('/admin/comments?status=pending')).text).not.toContain('Spam number');
    expect((await admin.get('/admin/comments?status=bogus')).text).toMatch(/aria-current="page">Pending/);
    await db.comment.deleteMany({ where: { id: { in: ids } } });
  });

  it('approves in bulk: the comment appears on the article and the count goes up', async () => {
    const a = await createComment(gracesArticle, { body: 'Approve me please' });
    const b = await createComment(gracesArticle, { body: 'Me too' });
    expect(a.status).toBe('pending');
    expect((await request(t.app).get(publicUrl(gracesArticle)).expect(200)).text).not.toContain('Approve me please');
    const before = (await db.article.findUniqueOrThrow({ where: { id: gracesArticle.id } })).commentsCount;

    await admin.get('/admin/comments');
    const res = await admin
      .post('/admin/comments/approval', { ids: [String(a.id), String(b.id)], status: 'pending', page: '1' })
      .expect(303);
    expect(res.headers.location).toBe('/admin/comments?status=pending');
    expect((await admin.get('/admin/comments')).text).toContain('2 comments approved.');
    expect((await db.article.findUniqueOrThrow({ where: { id: gracesArticle.id } })).commentsCount).toBe(before + 2);
    const page = (await request(t.app).get(publicUrl(gracesArticle)).expect(200)).text;
    expect(page).toContain('Approve me please');
    expect(page).toContain(`${before + 2} comments`);
  });

  it("leaves the article's dates alone: approving, refusing or deleting a comment is not an edit", async () => {
    const article = await createArticle({
      author: grace,
      title: 'Dated once',
      publishedAt: new Date('2024-01-05T10:00:00Z'),
    });
    const stamp = new Date('2024-01-06T08:00:00Z');
    await db.article.update({ where: { id: article.id }, data: { updatedAt: stamp } });
    const feedUpdated = async () => {
      const feed = (await request(t.app).get('/articles.atom').expect(200)).text;
      const entry = feed.split('<entry>').find((e) => e.includes('Dated once'));
      return /<updated>([^<]+)<\/updated>/.exec(entry ?? '')?.[1];
    };
    expect(await feedUpdated()).toBe(stamp.toISOString());
    const comment = await createComment(article, { body: 'Moderate me' });

    await admin.post('/admin/comments/approval', { ids: String(comment.id) }).expect(303);
    await admin.post('/admin/comments/spam-marking', { ids: String(comment.id) }).expect(303);
    await admin.post('/admin/comments/approval', { ids: String(comment.id) }).expect(303);
    const after = await db.article.findUniqueOrThrow({ where: { id: article.id } });
    expect(after.commentsCount).toBe(1);
    expect(after.updatedAt).toEqual(stamp);
    expect(await feedUpdated()).toBe(stamp.toISOString());
    await admin.post('/admin/comments/deletion', { ids: String(comment.id) }).expect(303);
    const deleted = await db.article.findUniqueOrThrow({ where: { id: article.id } });
    expect([deleted.commentsCount, deleted.updatedAt]).toEqual([0, stamp]);
  });

  it('marks as spam and deletes in bulk, keeping the count right', async () => {
    const c = await createComment(gracesArticle, { body: 'Buy cheap watches' }, 'approved');
    const count = async () => (await db.article.findUniqueOrThrow({ where: { id: gracesArticle.id } })).commentsCount;
    const before = await count();
    await admin
      .post('/admin/comments/spam-marking', { ids: String(c.id), status: 'approved' })
      .expect(303)
      .expect('Location', '/admin/comments?status=approved');
    expect(await status(c.id)).toBe('spam');
    expect(await count()).toBe(before - 1);
    await admin.post('/admin/comments/deletion', { ids: String(c.id), status: 'spam' }).expect(303);
    expect(await status(c.id)).toBe('gone');
  });

  it('says so when nothing was selected, and ignores ids that are not numbers', async () => {
    await admin.post('/admin/comments/approval', {}).expect(303);
    expect((await admin.get('/admin/comments')).text).toContain('Select at least one comment first.');
    await admin.post('/admin/comments/approval', { ids: ['abc', '-1', '0'] }).expect(303);
    expect((await admin.get('/admin/comments')).text).toContain('Select at least one comment first.');
  });

  it('refuses a bulk action without a CSRF token, changing nothing', async () => {
    const c = await createComment(gracesArticle, { body: 'Still pending' });
    await expectCsrfRefused(admin, '/admin/comments/approval', { ids: String(c.id) });
    await expectCsrfRefused(admin, '/admin/comments/deletion', { ids: String(c.id) });
    await expectCsrfRefused(admin, '/admin/comments/spam/deletion');
    expect(await status(c.id)).toBe('pending');
  });

  it('lets an author see and moderate only comments on their own articles; other ids are skipped', async () => {
    const own = await createComment(gracesArticle, { body: 'For Grace' });
    const other = await createComment(linussArticle, { body: 'For Linus' });
    const queue = await author.get('/admin/comments');
    expect(queue.text).toContain('For Grace');
    expect(queue.text).not.toContain('For Linus');
    expect(queue.text).not.toContain('Linus on kernels');

    await author.post('/admin/comments/approval', { ids: [String(own.id), String(other.id)] }).expect(303);
    expect(await status(own.id)).toBe('approved');
    expect(await status(other.id)).toBe('pending');
    expect((await author.get('/admin/comments')).text).toContain('1 comment approved.');

    for (const path of ['/admin/comments/spam-marking', '/admin/comments/deletion']) {
      await author.post(path, { ids: String(other.id) }).expect(303);
      expect((await author.get('/admin/comments')).text).toContain('No comment changed.');
    }
    expect(await status(other.id)).toBe('pending');
  });

  it('deletes all spam after a confirmation step; an author deletes only their own', async () => {
    const gracesSpam = await createComment(gracesArticle, { body: 'Grace spam' }, 'spam');
    const linussSpam = await createComment(linussArticle, { body: 'Linus spam' }, 'spam');
    const keep = await createComment(gracesArticle, { body: 'Not spam' });

    const confirm = await author.get('/admin/comments/spam/deletion');
    expect(confirm.text).toContain('1 spam comment');
    expect(confirm.text).toContain('action="/admin/comments/spam/deletion"');
    await author.post('/admin/comments/spam/deletion').expect(303).expect('Location', '/admin/comments?status=spam');
    expect(await status(gracesSpam.id)).toBe('gone');
    expect(await status(linussSpam.id)).toBe('spam');

    expect((await admin.get('/admin/comments?status=spam')).text).toContain('href="/admin/comments/spam/deletion"');
    expect((await admin.get('/admin/comments/spam/deletion')).text).toContain('1 spam comment');
    await admin.post('/admin/comments/spam/deletion').expect(303);
    expect(await db.comment.count({ where: { status: 'spam' } })).toBe(0);
    expect(await status(keep.id)).toBe('pending');
    expect((await admin.get('/admin/comments?status=spam')).text).toContain('1 spam comment deleted.');
  });
});
