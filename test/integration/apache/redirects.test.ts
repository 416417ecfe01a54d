import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Browser } from '#test/support/web-server.ts';
import { csrfFrom, testPassword } from '#test/support/admin.ts';
import { useRunningBlog, useApache, adminLogin } from '#test/integration/apache/blog-fixture.ts';
import { waitFor } from '#test/support/wait-for.ts';

// Redirects answered by Apache from the map the workers keep, with no worker running at all.
describe('redirects behind Apache', () => {
  const blog = useRunningBlog();
  const front = useApache(blog);
  const mapFile = () => path.join(blog.pool.dataDir, 'redirects.map');
  const mapText = () => (existsSync(mapFile()) ? readFileSync(mapFile(), 'utf8') : '');

  async function addRedirect(admin: Browser, from: string, to: string): Promise<void> {
    const form = await admin.get('/admin/redirects/new');
    expect(form.status).toBe(200);
    const saved = await admin.post('/admin/redirects', { _csrf: csrfFrom(form.text), from, to });
    expect(saved.status, saved.text).toBe(303);
  }

  it('answers mapped redirects and cached pages without a worker; a query never gets the cached home page', async () => {
    const { apache } = front;
    expect(mapText()).toMatch(/^# Kept by Folio/);
    const admin = new Browser(apache.url);
    const signIn = await admin.get('/admin/sign-in');
    expect(
      (await admin.post('/admin/sign-in', { _csrf: csrfFrom(signIn.text), login: adminLogin, password: testPassword }))
        .status,
    ).toBe(303);
    await addRedirect(admin, 'https://old.example/?p=123', '/2024/01/10/ruby-one');
    await addRedirect(admin, '/2008/05/café/', 'https://elsewhere.example/cafe');
    await addRedirect(admin, '/category/rails', '/tag/rails');
    // A worker wrote the map after the saves (debounced): Apache rereads it when it changes.
    await waitFor(() => mapText().includes('/category/rails '), { timeout: 30_000, message: () => mapText() });
    expect(mapText()).toContain('/?p=123 http://blog.test/2024/01/10/ruby-one\n');
    expect(mapText()).toContain('/2008/05/café https://elsewhere.example/cafe\n');

    // The home page, cached as a file.
    expect((await fetch(apache.url + '/')).status).toBe(200);
    await waitFor(() => existsSync(path.join(blog.pool.dataDir, 'cache', 'index.html')), { timeout: 60_000 });

    const stopped = await blog.pool.run(['stop']);
    expect(stopped.code, stopped.stderr).toBe(0);

    const moved = async (urlPath: string, method = 'GET') => {
      const res = await fetch(apache.url + urlPath, { method, redirect: 'manual' });
      return [res.status, res.headers.get('location')];
    };
    expect(await moved('/?p=123')).toEqual([301, 'http://blog.test/2024/01/10/ruby-one']);
    expect(await moved('/?p=123', 'HEAD')).toEqual([301, 'http://blog.test/2024/01/10/ruby-one']);
    expect(await moved('/category/rails/')).toEqual([301, 'http://blog.test/tag/rails']);
    expect(await moved('/2008/05/caf%C3%A9')).toEqual([301, 'https://elsewhere.example/cafe']);
    expect(await moved('/2008/05/café/')).toEqual([301, 'https://elsewhere.example/cafe']);

    // The cached home page is served as a file; with a query it is not (no worker: Apache's 503).
    const home = await fetch(apache.url + '/');
    expect(home.status).toBe(200);
    expect(home.headers.get('etag')).toMatch(/^(W\/)?"[0-9a-f]+-[0-9a-f]+"$/);
    for (const probe of ['/?p=999', '/?p=123&utm_source=feed', '/?page_id=7']) {
      const res = await fetch(apache.url + probe, { redirect: 'manual' });
      expect(res.status, probe).toBe(503);
    }
    // Nor is a POST redirected.
    expect((await fetch(apache.url + '/category/rails', { method: 'POST', redirect: 'manual' })).status).toBe(503);
  });
});
