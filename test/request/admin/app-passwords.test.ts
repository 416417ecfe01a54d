import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, testPassword, type SignedInAgent } from '#test/support/admin.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { forgetSignInLimiters, signInLimits } from '#app/models/user/sign-in-throttle.ts';
import {
  authenticateAppPassword,
  authenticateBearer,
  clientBlockedFor,
  micropubScopes,
} from '#app/models/app-password.ts';
import { db } from '#app/models/db.ts';

/** The secret as the page shows it once: "ABCD EFGH …". */
function secretOn(html: string): string {
  const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(html)?.[1];
  if (!secret) throw new Error('no secret on the page');
  return secret;
}

describe('admin application passwords', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let author: SignedInAgent;

  beforeAll(async () => {
    t = await startTestApp();
    forgetSignInLimiters();
    ({ admin, author } = await signInAdminAndAuthor(t.app));
  });
  afterAll(() => t.close());

  it('sends anonymous visitors to sign in and refuses forged forms', async () => {
    await expectSignInRedirect(t.app, '/admin/app-passwords');
    await expectAnonymousPostRefused(t.app, '/admin/app-passwords', { name: 'x' });
    await expectCsrfRefused(author, '/admin/app-passwords', { name: 'x' });
    await expectCsrfRefused(author, '/admin/app-passwords/1/deletion');
  });

  it('is linked from the profile page and the admin bar', async () => {
    const profile = await author.get('/admin/profile');
    expect(profile.text).toContain('href="/admin/app-passwords"');
  });

  it('shows a new secret once, in the answer to the POST, and never again', async () => {
    await author.get('/admin/app-passwords');
    const created = await author.post('/admin/app-passwords', { name: 'MarsEdit <laptop>' }).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const shown = secretOn(created.text);
    expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const secret = shown.replaceAll(' ', '');
    expect(created.text).toContain('MarsEdit &lt;laptop&gt;');
    expect(created.text).toContain('<code>grace</code>');
    expect(created.text).toContain(`<code>${secret}</code>`);

    const row = await db.appPassword.findFirstOrThrow({ where: { name: 'MarsEdit <laptop>' } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secretHash).not.toContain(secret);
    expect(row.prefix).toBe(secret.slice(0, 4));

    const list = await author.get('/admin/app-passwords');
    expect(list.text).toContain('MarsEdit &lt;laptop&gt;');
    expect(list.text).toContain(`${secret.slice(0, 4)}…`);
    expect(list.text).toContain('never');
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(shown);
    expect(list.text).not.toContain('class="secret"');
  });

  it('refuses a nameless password with the form again', async () => {
    const refused = await author.post('/admin/app-passwords', { name: '   ' }).expect(422);
    expect(refused.text).toContain('Give the password a name');
    expect(refused.text).not.toContain('class="secret"');
  });

  it('signs a client in with the password (spaces, dashes, any case), never with the account password', async () => {
    const secret = secretOn((await author.post('/admin/app-passwords', { name: 'Client' }).expect(201)).text);
    const ip = '203.0.113.10';

    const client = await authenticateAppPassword('grace', secret.toLowerCase().replaceAll(' ', '-'), ip);
    expect(client?.user.login).toBe('grace');
    expect(client?.name).toBe('Client');
    expect([...(client?.scopes ?? [])]).toEqual([...micropubScopes]);
    expect(await authenticateAppPassword(' Grace ', secret, ip)).not.toBeNull();

    expect(await authenticateAppPassword('grace', testPassword, ip)).toBeNull();
    expect(await authenticateAppPassword('ada', secret, ip)).toBeNull();
    expect(await authenticateBearer(testPassword, ip)).toBeNull();
    expect((await authenticateBearer(secret.replaceAll(' ', ''), ip))?.user.login).toBe('grace');

    const listed = await author.get('/admin/app-passwords');
    const clientRow = listed.text.split('<tr>').find((row) => row.includes('<td>Client</td>'));
    expect(clientRow).toBeDefined();
    expect(clientRow).not.toContain('<td>never</td>');

    const row = await db.appPassword.findFirstOrThrow({ where: { name: 'Client' } });
    await db.appPassword.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await authenticateAppPassword('grace', secret, ip)).toBeNull();
  });

  it('records the last use at most once a minute', async () => {
    const secret = secretOn((await author.post('/admin/app-passwords', { name: 'Busy' }).expect(201)).text);
    await authenticateAppPassword('grace', secret, '203.0.113.11');
    const first = (await db.appPassword.findFirstOrThrow({ where: { name: 'Busy' } })).lastUsedAt;
    expect(first).not.toBeNull();
    await authenticateAppPassword('grace', secret, '203.0.113.11');
    const second = (await db.appPassword.findFirstOrThrow({ where: { name: 'Busy' } })).lastUsedAt;
    expect(second?.getTime()).toBe(first?.getTime());
  });

  it('throttles guesses like the sign-in form: per login from an address, then even the right secret waits', async () => {
    const secret = secretOn((await author.post('/admin/app-passwords', { name: 'Throttled' }).expect(201)).text);
    const guesser = '198.51.100.7';
    for (let i = 0; i < signInLimits.perAccountAndAddress.failures; i++)
      expect(await authenticateAppPassword('grace', 'A'.repeat(32), guesser)).toBeNull();
    expect(await authenticateAppPassword('grace', secret, guesser)).toBeNull();
    expect(await clientBlockedFor(guesser, 'grace')).toBeGreaterThan(0);
    expect(await clientBlockedFor(guesser, null)).toBe(0);
    expect(await authenticateAppPassword('grace', secret, '198.51.100.8')).not.toBeNull();

    const bearerGuesser = '198.51.100.9';
    for (let i = 0; i < signInLimits.perAccountAndAddress.failures; i++)
      expect(await authenticateBearer('B'.repeat(32), bearerGuesser)).toBeNull();
    expect(await authenticateBearer(secret, bearerGuesser)).toBeNull();
    expect(await clientBlockedFor(bearerGuesser, null)).toBeGreaterThan(0);
    expect(await authenticateBearer(secret, '198.51.100.10')).not.toBeNull();
  });

  it('shows authors only their own passwords and lets them revoke only those', async () => {
    await admin.get('/admin/app-passwords');
    const adminSecret = secretOn((await admin.post('/admin/app-passwords', { name: 'Ada’s editor' }).expect(201)).text);
    const adminRow = await db.appPassword.findFirstOrThrow({ where: { name: 'Ada’s editor' } });

    const authorsList = await author.get('/admin/app-passwords');
    expect(authorsList.text).not.toContain('Ada’s editor');
    await author.post(`/admin/app-passwords/${adminRow.id}/deletion`).expect(404);
    expect(await authenticateAppPassword('ada', adminSecret, '192.0.2.1')).not.toBeNull();

    await admin.get('/admin/app-passwords');
    await admin
      .post(`/admin/app-passwords/${adminRow.id}/deletion`)
      .expect(303)
      .expect('Location', '/admin/app-passwords');
    const after = await admin.get('/admin/app-passwords');
    expect(after.text).toContain('“Ada’s editor” is revoked');
    expect(await authenticateAppPassword('ada', adminSecret, '192.0.2.1')).toBeNull();
  });
});
