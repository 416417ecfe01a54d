import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createAccountFor, signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { db, type User } from '#app/models/db.ts';
import { authenticate } from '#app/models/user.ts';

const newPassword = 'a brand new passphrase';

describe('admin users', () => {
  let t: TestApp;
  let ada: User;
  let grace: User;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  const user = (login: string) => db.user.findUnique({ where: { login } });

  beforeAll(async () => {
    t = await startTestApp({ welcome: true });
    ada = await createAccountFor('ada', 'admin');
    grace = await createAccountFor('grace', 'author');
    admin = await signedInAgent(t.app, 'ada');
    author = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  it('sends anonymous visitors to sign in and refuses authors with 403 everywhere', async () => {
    for (const path of [
      '/admin/users',
      '/admin/users/new',
      `/admin/users/${grace.id}/edit`,
      `/admin/users/${grace.id}/deletion`,
    ]) {
      await expectSignInRedirect(t.app, path);
      await author.get(path, 403);
    }
    const posts: [string, Record<string, string>][] = [
      [
        '/admin/users',
        {
          login: 'mallory',
          email: 'm@example.com',
          role: 'admin',
          password: newPassword,
          passwordConfirmation: newPassword,
        },
      ],
      [`/admin/users/${grace.id}`, { displayName: 'Grace', email: 'grace@example.com', role: 'admin' }],
      [`/admin/users/${ada.id}/password`, { password: newPassword, passwordConfirmation: newPassword }],
      [`/admin/users/${ada.id}/deletion`, {}],
    ];
    for (const [path, fields] of posts) {
      await expectAnonymousPostRefused(t.app, path, fields);
      await author.post(path, fields).expect(403);
    }
    expect(await user('mallory')).toBeNull();
    expect((await user('grace'))!.role).toBe('author');
    expect(await user('ada')).not.toBeNull();
  });

  it('lists every account, the built-in locked author included', async () => {
    const res = await admin.get('/admin/users');
    expect(res.text).toContain('<code>ada</code>');
    expect(res.text).toContain('<code>grace</code>');
    expect(res.text).toMatch(/<code>folio<\/code> <span class="status"[^>]*>locked<\/span>/);
    expect(res.text).toContain(`href="/admin/users/${grace.id}/deletion"`);
    expect(res.text).not.toContain(`href="/admin/users/${ada.id}/deletion"`);
  });

  it('creates an account who can then sign in', async () => {
    expect((await admin.get('/admin/users/new')).text).toContain('action="/admin/users"');
    await admin
      .post('/admin/users', {
        login: 'Linus',
        displayName: 'Linus T.',
        email: 'linus@example.com',
        role: 'author',
        password: newPassword,
        passwordConfirmation: newPassword,
      })
      .expect(303)
      .expect('Location', '/admin/users');
    expect(await user('linus')).toMatchObject({ displayName: 'Linus T.', role: 'author' });
    expect(await authenticate('linus', newPassword)).not.toBeNull();
    expect((await admin.get('/admin/users')).text).toContain('Linus T. can now sign in as “linus”.');
  });

  it.each([
    ['a short password', { password: 'short', passwordConfirmation: 'short' }, 'at least 12 characters'],
    ['a common password', { password: 'password1234', passwordConfirmation: 'password1234' }, 'too easy to guess'],
    ['a breached password', { password: '123456789012', passwordConfirmation: '123456789012' }, 'too easy to guess'],
    [
      'a line break in the password',
      { password: 'first line of it\nsecond line', passwordConfirmation: 'first line of it\nsecond line' },
      'cannot contain line breaks',
    ],
    ['passwords that differ', { passwordConfirmation: 'something else entirely' }, 'The two passwords differ.'],
    ['a taken login', { login: 'grace' }, 'The login &#34;grace&#34; is taken.'],
    ['a bad email', { email: 'nope' }, 'That email address does not look right.'],
    ['an unknown role', { role: 'owner' }, 'The role must be admin or author.'],
  ] as [string, Record<string, string>, string][])(
    'refuses to create with %s: 422, input kept, passwords not echoed',
    async (_label, change, message) => {
      const fields = {
        login: 'newbie',
        displayName: 'New Bie',
        email: 'newbie@example.com',
        role: 'author',
        password: newPassword,
        passwordConfirmation: newPassword,
        ...change,
      };
      const res = await admin.post('/admin/users', fields).expect(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`value="${fields.email}"`);
      expect(res.text).toContain('value="New Bie"');
      expect(res.text).not.toContain(newPassword);
      expect(await user('newbie')).toBeNull();
    },
  );

  it('refuses writes without a CSRF token, changing nothing', async () => {
    await expectCsrfRefused(admin, '/admin/users', {
      login: 'sneaky',
      email: 's@example.com',
      role: 'admin',
      password: newPassword,
      passwordConfirmation: newPassword,
    });
    await expectCsrfRefused(admin, `/admin/users/${grace.id}`, {
      displayName: 'Hacked',
      email: 'grace@example.com',
      role: 'admin',
    });
    await expectCsrfRefused(admin, `/admin/users/${grace.id}/password`, {
      password: newPassword,
      passwordConfirmation: newPassword,
    });
    await expectCsrfRefused(admin, `/admin/users/${grace.id}/deletion`);
    expect(await user('sneaky')).toBeNull();
    expect(await user('grace')).toMatchObject({ displayName: 'Grace', role: 'author' });
  });

  it('edits the name, email and role, and validates them', async () => {
    const form = await admin.get(`/admin/users/${grace.id}/edit`);
    expect(form.text).toContain('value="grace@example.com"');
    const bad = await admin
      .post(`/admin/users/${grace.id}`, { displayName: 'Grace H.', email: 'not-an-email', role: 'author' })
      .expect(422);
    expect(bad.text).toContain('That email address does not look right.');
    expect(bad.text).toContain('value="Grace H."');
    await admin
      .post(`/admin/users/${grace.id}`, {
        displayName: 'Grace Hopper',
        email: 'grace@navy.example',
        role: 'admin',
        login: 'admiral',
      })
      .expect(303)
      .expect('Location', '/admin/users');
    expect(await db.user.findUnique({ where: { id: grace.id } })).toMatchObject({
      login: 'grace',
      displayName: 'Grace Hopper',
      email: 'grace@navy.example',
      role: 'admin',
    });
    await admin
      .post(`/admin/users/${grace.id}`, { displayName: 'Grace Hopper', email: 'grace@navy.example', role: 'author' })
      .expect(303);
    await admin.get('/admin/users/999999/edit', 404);
    await admin.get('/admin/users/abc/edit', 404);
  });

  it('never demotes the last administrator', async () => {
    const res = await admin
      .post(`/admin/users/${ada.id}`, { displayName: 'Ada', email: 'ada@example.com', role: 'author' })
      .expect(422);
    expect(res.text).toContain('The blog needs at least one administrator');
    expect((await user('ada'))!.role).toBe('admin');
  });

  it('resets a password: the old one stops working and their sessions end', async () => {
    const linus = await signedInAgent(t.app, 'linus', newPassword);
    const target = (await user('linus'))!;
    const short = await admin
      .post(`/admin/users/${target.id}/password`, { password: 'tiny', passwordConfirmation: 'tiny' })
      .expect(422);
    expect(short.text).toContain('at least 12 characters');
    const common = await admin
      .post(`/admin/users/${target.id}/password`, { password: 'password1234', passwordConfirmation: 'password1234' })
      .expect(422);
    expect(common.text).toContain('too easy to guess');
    await admin
      .post(`/admin/users/${target.id}/password`, {
        password: 'two lines of\r\npassphrase',
        passwordConfirmation: 'two lines of\r\npassphrase',
      })
      .expect(422);
    await admin
      .post(`/admin/users/${target.id}/password`, {
        password: 'the second passphrase',
        passwordConfirmation: 'the second passphrase',
      })
      .expect(303)
      .expect('Location', `/admin/users/${target.id}/edit`);
    expect(await authenticate('linus', newPassword)).toBeNull();
    expect(await authenticate('linus', 'the second passphrase')).not.toBeNull();
    await linus.agent.get('/admin').expect(303);
    await admin.get('/admin');
  });

  it('deletes an account after a confirmation step, crediting their articles and uploads to the admin', async () => {
    const temp = await createAccountFor('temp', 'author');
    const article = await createArticle({ author: temp, title: 'Written by temp' });
    await db.asset.create({
      data: {
        storedName: '2026/11/abc.png',
        originalName: 'a.png',
        contentType: 'image/png',
        byteSize: 3,
        uploaderId: temp.id,
      },
    });

    const confirm = await admin.get(`/admin/users/${temp.id}/deletion`);
    expect(confirm.text).toContain('1 article');
    expect(confirm.text).toContain('1 upload');
    expect(confirm.text).toContain('credited to you');
    await admin.post(`/admin/users/${temp.id}/deletion`).expect(303).expect('Location', '/admin/users');

    expect(await user('temp')).toBeNull();
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).authorId).toBe(ada.id);
    expect((await db.asset.findFirstOrThrow({ where: { storedName: '2026/11/abc.png' } })).uploaderId).toBe(ada.id);
    expect((await admin.get('/admin/users')).text).toContain('now credited to you');
    const publicPage = (
      await request(t.app)
        .get(`/${article.publishedOn!.replaceAll('-', '/')}/${article.slug}`)
        .expect(200)
    ).text;
    expect(publicPage).toContain('href="/author/ada"');
    expect(publicPage).not.toContain('/author/temp');
  });

  it('refuses to let an admin delete their own account (and so the last admin)', async () => {
    const res = await admin.post(`/admin/users/${ada.id}/deletion`).expect(422);
    expect(res.text).toContain('You cannot delete your own account.');
    expect(await user('ada')).not.toBeNull();
  });

  it('lets an admin who demotes themselves (with another admin around) leave for the dashboard', async () => {
    await createAccountFor('second', 'admin');
    const second = await signedInAgent(t.app, 'second');
    const me = (await user('second'))!;
    await second
      .post(`/admin/users/${me.id}`, { displayName: 'Second', email: 'second@example.com', role: 'author' })
      .expect(303)
      .expect('Location', '/admin');
    await second.get('/admin/users', 403);
  });
});
