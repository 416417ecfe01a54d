import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createAccountFor, csrfFrom, signedInAgent, testPassword } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { forgetSignInLimiters, recordFailedSignIn, signInLimits } from '#app/models/user/sign-in-throttle.ts';
import { db } from '#app/models/db.ts';
import { hashPassword, useScryptCostForTests, verifyPassword } from '#app/models/user/password.ts';

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

    const weak = await agent
      .post('/admin/setup')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        login: 'ada',
        email: 'ada@example.com',
        password: 'short',
        passwordConfirmation: 'short',
      })
      .expect(422);
    expect(weak.text).toContain('at least 12 characters');
    expect(weak.text).toContain('value="ada"');
    for (const [password, message] of [
      ['password1234', 'too easy to guess'],
      ['a passphrase\nover two lines', 'cannot contain line breaks'],
    ]) {
      const refused = await agent
        .post('/admin/setup')
        .type('form')
        .send({
          _csrf: csrfFrom(weak.text),
          login: 'ada',
          email: 'ada@example.com',
          password,
          passwordConfirmation: password,
        })
        .expect(422);
      expect(refused.text).toContain(message);
    }

    const done = await agent
      .post('/admin/setup')
      .type('form')
      .send({
        _csrf: csrfFrom(weak.text),
        login: 'Ada',
        displayName: 'Ada L.',
        email: 'ada@example.com',
        password: 'ünïcödé passphrase ✓',
        passwordConfirmation: 'ünïcödé passphrase ✓',
      })
      .expect(303);
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
    await cast.ada();
    await cast.grace();
  });
  afterAll(() => t.close());

  it('signs in with a new session id, sets safe cookie flags, and signs out', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/admin/sign-in').expect(200);
    const before = /folio\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const res = await agent
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), login: 'ada', password: testPassword })
      .expect(303);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(/folio\.sid=([^;]+)/.exec(cookie)?.[1]).not.toBe(before);
    const dashboard = await agent.get('/admin').expect(200);
    expect(dashboard.headers['cache-control']).toBe('no-store');
    expect(await db.session.count()).toBeGreaterThan(0);

    await agent
      .post('/admin/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(dashboard.text) })
      .expect(303)
      .expect('Location', '/admin/sign-in');
    await agent.get('/admin').expect(303);
  });

  it('marks the cookie Secure when the request came over HTTPS through the proxy', async () => {
    const page = await request(t.app).get('/admin/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
    expect(String(page.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('rehashes a password stored at an older, lower cost when its owner signs in', async () => {
    const old = await createAccountFor('oldtimer', 'author');
    useScryptCostForTests({ N: 2 ** 9, r: 8, p: 1 });
    const oldHash = await hashPassword(testPassword);
    useScryptCostForTests({ N: 2 ** 10, r: 8, p: 1 });
    await db.user.update({ where: { id: old.id }, data: { passwordHash: oldHash } });
    await signedInAgent(t.app, 'oldtimer');
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: old.id } });
    expect(passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword(testPassword, passwordHash)).toBe(true);
  });

  it('gives one generic message for a wrong password and an unknown login', async () => {
    for (const [login, password] of [
      ['ada', 'wrong password here'],
      ['nobody', testPassword],
    ]) {
      const agent = request.agent(t.app);
      const page = await agent.get('/admin/sign-in').expect(200);
      const res = await agent
        .post('/admin/sign-in')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), login, password })
        .expect(422);
      expect(res.text).toContain('Sign-in failed: check the login and the password.');
    }
  });

  it('refuses a sign-in without a valid CSRF token with 403', async () => {
    const agent = request.agent(t.app);
    await agent.get('/admin/sign-in').expect(200);
    const res = await agent
      .post('/admin/sign-in')
      .type('form')
      .send({ login: 'ada', password: testPassword })
      .expect(403);
    expect(res.text).toContain('did not come from this site');
    await agent
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: 'forged', login: 'ada', password: testPassword })
      .expect(403);
    await agent.get('/admin').expect(303);
  });

  it('only follows ?next= to a local admin path', async () => {
    for (const [next, expected] of [
      ['/admin/articles', '/admin/articles'],
      ['https://evil.example/', '/admin'],
      ['//evil.example', '/admin'],
      ['/admin/\\evil', '/admin'],
      ['/elsewhere', '/admin'],
    ]) {
      const agent = request.agent(t.app);
      const page = await agent.get('/admin/sign-in').expect(200);
      const res = await agent
        .post('/admin/sign-in')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), login: 'grace', password: testPassword, next })
        .expect(303);
      expect(res.headers.location).toBe(expected);
    }
  });

  it('throttles failures for an account from one address, even with the right password afterwards, and says when to retry', async () => {
    await createAccountFor('target', 'author');
    const attacker = from('127.0.0.2');
    await attacker.failUntilThrottled('target');
    const blocked = await attacker.signIn('target', testPassword, 429);
    expect(blocked.text).toContain('Too many failed sign-ins from here. Try again in 15 minutes.');
    expect(blocked.text).toContain('<form method="post" action="/admin/sign-in"');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(signInLimits.perAccountAndAddress.windowSeconds);
  });

  it('counts "Target " and "TARGET" as the account "target": spacing and case do not reset the count', async () => {
    await createAccountFor('spaced', 'author');
    const attacker = from('127.0.0.3');
    const variants = ['spaced', 'spaced ', ' Spaced', 'SPACED\t'];
    for (let i = 0; i < signInLimits.perAccountAndAddress.failures; i++)
      await attacker.signIn(variants[i % variants.length]!, `wrong-${i}-password`, 422);
    for (const login of variants) await attacker.signIn(login, testPassword, 429);
  });

  it('lets the owner sign in from another address while the attacker’s address is throttled', async () => {
    await createAccountFor('owner', 'admin');
    await from('127.0.0.4').failUntilThrottled('owner');
    await from('127.0.0.4').signIn('owner', testPassword, 429);
    const owner = from('127.0.0.5');
    await owner.signIn('owner', testPassword, 303);
    await owner.agent.get('/admin').expect(200);
  });

  it('makes an address that fails across many accounts wait, with Retry-After, and no other address', async () => {
    // The per-address count, reached through the model (a request per failure would cost a hash each).
    for (let i = 0; i < signInLimits.perAddress.failures; i++) await recordFailedSignIn('127.0.0.6', `someone-${i}`);
    const blocked = await from('127.0.0.6').signIn('nobody-tried-this', testPassword, 429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(signInLimits.perAddress.windowSeconds - 3600);
    expect(blocked.text).toContain('Try again in 24 hours.');
    await from('127.0.0.7').signIn('grace', testPassword, 303);
  });

  /** A browser at a loopback address of its own: each address is a distinct client, whatever proxy headers the app trusts. */
  function from(address: string) {
    const connection = new http.Agent({ localAddress: address });
    const agent = request.agent(t.app).use((req: request.Test) => void req.agent(connection));
    const signIn = async (login: string, password: string, status: number) => {
      const page = await agent.get('/admin/sign-in').expect(200);
      return agent
        .post('/admin/sign-in')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), login, password })
        .expect(status);
    };
    const failUntilThrottled = async (login: string) => {
      for (let i = 0; i < signInLimits.perAccountAndAddress.failures; i++)
        await signIn(login, `wrong-${i}-password`, 422);
    };
    return { agent, signIn, failUntilThrottled };
  }

  it('signs out a session older than the absolute timeout, however active', async () => {
    const { sessionSettings } = await import('#config/session.ts');
    const ada = await signedInAgent(t.app, 'ada');
    const row = await db.session.findFirstOrThrow({
      where: { data: { contains: '"userId"' } },
      orderBy: { expiresAt: 'desc' },
    });
    const data = JSON.parse(row.data) as Record<string, unknown>;
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
