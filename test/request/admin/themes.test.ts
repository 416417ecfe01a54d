import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { currentSettings, forgetSettings } from '#app/models/settings.ts';
import { themesDir } from '#app/themes/registry.ts';

describe('admin themes', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  const activeTheme = async () => {
    forgetSettings();
    return (await currentSettings()).theme;
  };

  beforeAll(async () => {
    t = await startTestApp({ welcome: true });
    ({ admin, author } = await signInAdminAndAuthor(t.app));
  });
  afterAll(() => t.close());

  it('sends anonymous visitors to sign in, refuses their posts, and keeps authors out with 403', async () => {
    await expectSignInRedirect(t.app, '/admin/themes');
    await expectSignInRedirect(t.app, '/admin/themes/default/preview.png');
    await expectAnonymousPostRefused(t.app, '/admin/themes/minimal/activation');
    await author.get('/admin/themes', 403);
    await author.get('/admin/themes/default/preview.png', 403);
    await author.post('/admin/themes/minimal/activation').expect(403);
    expect(await activeTheme()).toBe('default');
  });

  it('lists the installed themes with previews and manifest details, marks the active one, and says how themes are installed', async () => {
    const res = await admin.get('/admin/themes');
    for (const [title, name] of [
      ['Default', 'default'],
      ['Minimal', 'minimal'],
    ]) {
      expect(res.text).toContain(`${title} <small>v1.0.0</small>`);
      expect(res.text).toContain(`src="/admin/themes/${name}/preview.png"`);
    }
    expect(res.text).toContain('The Folio developers');
    expect(res.text).toContain('one centred column');
    expect(res.text).toMatch(/Default <small>v1\.0\.0<\/small> <span class="status status-published">active<\/span>/);
    expect(res.text).toContain('action="/admin/themes/minimal/activation"');
    expect(res.text).not.toContain('action="/admin/themes/default/activation"');
    expect(res.text).toContain('never uploaded through the web');
  });

  it('serves each preview image from the registry', async () => {
    for (const name of ['default', 'minimal']) {
      const res = await admin.agent
        .get(`/admin/themes/${name}/preview.png`)
        .buffer(true)
        .expect(200)
        .expect('Content-Type', 'image/png');
      expect(Buffer.compare(res.body as Buffer, readFileSync(path.join(themesDir, name, 'preview.png')))).toBe(0);
    }
    await admin.get('/admin/themes/nope/preview.png', 404);
    await admin.get('/admin/themes/..%2F..%2Fpackage.json/preview.png', 404);
    await admin.get('/admin/themes/%2e%2e/preview.png', 404);
  });

  it('refuses to activate a theme without a CSRF token, changing nothing', async () => {
    await expectCsrfRefused(admin, '/admin/themes/minimal/activation');
    expect(await activeTheme()).toBe('default');
  });

  it('answers 404 for a theme that is not installed', async () => {
    await admin.post('/admin/themes/nonexistent/activation').expect(404);
    await admin.post('/admin/themes/..%2Fdefault/activation').expect(404);
    expect(await activeTheme()).toBe('default');
  });

  it('switches the active theme, which changes the public stylesheet', async () => {
    expect((await request(t.app).get('/').expect(200)).text).toContain('/themes/default/assets/style.css');
    await admin.post('/admin/themes/minimal/activation').expect(303).expect('Location', '/admin/themes');
    expect(await activeTheme()).toBe('minimal');
    const home = (await request(t.app).get('/').expect(200)).text;
    expect(home).toContain('/themes/minimal/assets/minimal.css');
    expect(home).not.toContain('/themes/default/assets/style.css');
    const page = await admin.get('/admin/themes');
    expect(page.text).toContain('The blog now uses the Minimal theme.');
    expect(page.text).toMatch(/Minimal <small>v1\.0\.0<\/small> <span class="status status-published">active<\/span>/);

    await admin.post('/admin/themes/default/activation').expect(303);
    expect((await request(t.app).get('/').expect(200)).text).toContain('/themes/default/assets/style.css');
  });
});
