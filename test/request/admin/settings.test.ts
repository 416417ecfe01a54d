import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { currentSettings, forgetSettings } from '#app/models/settings.ts';

const valid = {
  blogTitle: 'Notes from the Engine',
  subtitle: 'Analytical musings',
  articlesPerPage: '7',
  timeZone: 'Europe/London',
  commentPolicy: 'moderate-all',
  commentsCloseAfterDays: '30',
};

describe('admin settings', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  const settings = async () => {
    forgetSettings();
    return currentSettings();
  };

  beforeAll(async () => {
    t = await startTestApp({ welcome: true });
    ({ admin, author } = await signInAdminAndAuthor(t.app));
  });
  afterAll(() => t.close());

  it('sends anonymous visitors to sign in and refuses authors with 403', async () => {
    await expectSignInRedirect(t.app, '/admin/settings');
    await expectAnonymousPostRefused(t.app, '/admin/settings', valid);
    await author.get('/admin/settings', 403);
    await author.post('/admin/settings', valid).expect(403);
    expect((await settings()).blogTitle).toBe('My Folio blog');
  });

  it('shows the current settings in the form', async () => {
    const res = await admin.get('/admin/settings');
    expect(res.text).toContain('value="My Folio blog"');
    expect(res.text).toContain('value="UTC"');
    expect(res.text).toMatch(/value="moderate-all" checked> Moderate every comment \(the default\)/);
    expect(res.text).toMatch(
      /value="moderate-first"> Trust returning commenters: publish at once a comment whose name and email both match/,
    );
    expect(res.text).toContain('<option value="Europe/Paris">');
  });

  it('refuses a post without a CSRF token, changing nothing', async () => {
    await expectCsrfRefused(admin, '/admin/settings', valid);
    expect((await settings()).blogTitle).toBe('My Folio blog');
  });

  it.each([
    ['an empty title', { blogTitle: '  ' }, 'The blog needs a title.'],
    ['zero articles per page', { articlesPerPage: '0' }, 'Show at least one article per page.'],
    ['too many articles per page', { articlesPerPage: '500' }, 'Show at most 100 articles per page.'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'Unknown time zone.'],
    ['an unknown comment policy', { commentPolicy: 'anarchy' }, 'class="field-error"'],
    ['a negative auto-close', { commentsCloseAfterDays: '-3' }, 'class="field-error"'],
  ] as [string, Record<string, string>, string][])(
    'refuses %s with 422, keeping the input',
    async (_label, change, message) => {
      const res = await admin.post('/admin/settings', { ...valid, ...change }).expect(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('nothing was saved');
      expect(res.text).toContain(`value="${change.timeZone ?? valid.timeZone}"`);
      expect(res.text).toContain('value="Analytical musings"');
      expect((await settings()).blogTitle).toBe('My Folio blog');
    },
  );

  it('saves valid settings, and the blog title changes on the home page', async () => {
    await admin.post('/admin/settings', valid).expect(303).expect('Location', '/admin/settings');
    const saved = await settings();
    expect(saved).toMatchObject({
      blogTitle: 'Notes from the Engine',
      subtitle: 'Analytical musings',
      articlesPerPage: 7,
      timeZone: 'Europe/London',
      commentPolicy: 'moderate-all',
      commentsCloseAfterDays: 30,
    });
    expect((await admin.get('/admin/settings')).text).toContain('Settings saved.');
    const home = (await request(t.app).get('/').expect(200)).text;
    expect(home).toContain('Notes from the Engine');
    expect(home).not.toContain('My Folio blog');
  });

  it('ignores fields the form does not have (the theme has its own page)', async () => {
    await admin.post('/admin/settings', { ...valid, theme: 'minimal', id: '2', updatedAt: '2000-01-01' }).expect(303);
    expect((await settings()).theme).toBe('default');
  });
});
