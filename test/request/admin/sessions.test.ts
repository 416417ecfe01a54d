import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createAccountFor, csrfFrom, signedInAgent, testPassword } from '#test/support/admin.ts';
import { forgetSignInLimiters, signInLimits } from '#app/models/user/sign-in-throttle.ts';
import { db } from '#app/models/db.ts';

describe('first-run setup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    forgetSignInLimiters();
  });
  afterAll(() => t.close());

  it('leads /admin to the setup page on an empty blog, creates the admin, then answers 404', async () => {
    const agent = request.agent(t.app);
    await agent.get('/admin').expect(303).expect('Location', '/admin/sign-in?next=%2Fadmin');
    await agent.get('/admin/sign-in').expect(303).expect('Location', '/admin/setup');
    const page = await agent.get('/admin/setup').expect(200);
    expect(page.text).toContain('Create the first administrator');

    const weak = await agent.post('/admin/setup').type('form').send({ _csrf: csrfFrom(page.text), login: 'ada', email: 'ada@example.com', password: 'short', passwordConfirmation: 'short' }).expect(422);
    expect(weak.text).toContain('at least 12 characters');
    expect(weak.text).toContain('value="ada"');

    const done = await agent.post('/admin/setup').type('form').send({ _csrf: csrfFrom(weak.text), login: 'Ada', displayName: 'Ada L.', email: 'ada@example.com', password: 'ünïcödé passphrase ✓', passwordConfirmation: 'ünïcödé passphrase ✓' }).expect(303);
    expect(done.headers.location).toBe('/admin');
    const dashboard = await agent.get('/admin').expect(200);
    expect(dashboard.text).toContain('Welcome, Ada L.');
    expect((await db.user.findUniqueOrThrow({ where: { login: 'ada' } })).passwordHash).toMatch(/^scrypt\$/);

    await agent.get('/admin/setup').expect(404);
    await request(t.app).get('/admin/setup').expect(404);
  });
});

describe('signing in and out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    forgetSignInLimiters();
    await createAccountFor('ada', 'admin');
    await createAccountFor('grace', 'author');
  });
  afterAll(() => t.close());

  it('signs in with a new session id, sets safe cookie flags, and signs out', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/admin/sign-in').expect(200);
    const before = /folio\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const res = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), login: 'ada', password: testPassword }).expect(303);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(/folio\.sid=([^;]+)/.exec(cookie)?.[1]).not.toBe(before);
    const dashboard = await agent.get('/admin').expect(200);
    expect(dashboard.headers['cache-control']).toBe('no-store');
    expect(await db.session.count()).toBeGreaterThan(0);

    await agent.post('/admin/sign-out').type('form').send({ _csrf: csrfFrom(dashboard.text) }).expect(303).expect('Location', '/admin/sign-in');
    await agent.get('/admin').expect(303);
  });

  it('marks the cookie Secure when the request came over HTTPS through the proxy', async () => {
    const page = await request(t.app).get('/admin/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
    expect(String(page.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('gives one generic message for a wrong password and an unknown login', async () => {
    for (const [login, password] of [['ada', 'wrong password here'], ['nobody', testPassword]]) {
      const agent = request.agent(t.app);
      const page = await agent.get('/admin/sign-in').expect(200);
      const res = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), login, password }).expect(422);
      expect(res.text).toContain('Sign-in failed: check the login and the password.');
    }
  });

  it('refuses a sign-in without a valid CSRF token with 403', async () => {
    const agent = request.agent(t.app);
    await agent.get('/admin/sign-in').expect(200);
    const res = await agent.post('/admin/sign-in').type('form').send({ login: 'ada', password: testPassword }).expect(403);
    expect(res.text).toContain('did not come from this site');
    await agent.post('/admin/sign-in').type('form').send({ _csrf: 'forged', login: 'ada', password: testPassword }).expect(403);
    await agent.get('/admin').expect(303);
  });

  it('only follows ?next= to a local admin path', async () => {
    for (const [next, expected] of [['/admin/articles', '/admin/articles'], ['https://evil.example/', '/admin'], ['//evil.example', '/admin'], ['/admin/\\evil', '/admin'], ['/elsewhere', '/admin']]) {
      const agent = request.agent(t.app);
      const page = await agent.get('/admin/sign-in').expect(200);
      const res = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), login: 'grace', password: testPassword, next }).expect(303);
      expect(res.headers.location).toBe(expected);
    }
  });

  it('throttles repeated failures for an account, even with the right password afterwards', async () => {
    await createAccountFor('target', 'author');
    const agent = request.agent(t.app);
    let page = await agent.get('/admin/sign-in').expect(200);
    for (let i = 0; i < signInLimits.perAccount; i++) {
      page = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), login: 'target', password: `wrong-${i}-password` }).expect(422);
    }
    const blocked = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), login: 'target', password: testPassword }).expect(429);
    expect(blocked.text).toContain('Too many sign-in attempts');
  });

  it('signs out a session older than the absolute timeout, however active', async () => {
    const { sessionSettings } = await import('#config/session.ts');
    const ada = await signedInAgent(t.app, 'ada');
    const row = await db.session.findFirstOrThrow({ where: { data: { contains: '"userId"' } }, orderBy: { expiresAt: 'desc' } });
    const data = JSON.parse(row.data);
    data.signedInAt = Date.now() - sessionSettings.absoluteTimeoutMs - 1000;
    await db.session.update({ where: { sid: row.sid }, data: { data: JSON.stringify(data) } });
    await ada.agent.get('/admin').expect(303);
  });

  it('lets an author reach the dashboard but not admin-only pages', async () => {
    const grace = await signedInAgent(t.app, 'grace');
    const res = await grace.get('/admin');
    expect(res.text).not.toContain('href="/admin/settings"');
  });
});
