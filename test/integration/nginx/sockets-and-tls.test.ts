import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startNginx, type Nginx } from '#test/support/nginx.ts';
import { blogPool, deployedApp } from '#test/integration/apache/blog-fixture.ts';
import type { PoolHarness } from '#test/integration/pool/pool-harness.ts';
import { rawRequest } from '#test/support/web-server.ts';
import { all, cachedFile, signIn } from '#test/integration/apache/front-end.ts';

// The other shapes of the generated nginx site: workers on unix sockets, and HTTPS.
describe('nginx over HTTPS, with workers on unix sockets', () => {
  let pool: PoolHarness;
  let nginx: Nginx;
  let app: ReturnType<typeof deployedApp>;

  beforeAll(async () => {
    pool = await blogPool();
    app = deployedApp();
    const socketDir = path.join(pool.dataDir, 'sockets');
    pool.spawn(['start', '--count', '2', '--socket-dir', socketDir]);
    await pool.ready(2);
    // The sockets are the workers' (root's here); the web server's user must reach them.
    execFileSync('chmod', ['-R', 'a+rwX', socketDir]);
    const cert = path.join(app.appRoot, 'blog.pem');
    const key = path.join(app.appRoot, 'blog.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=blog.test',
      ],
      { stdio: 'ignore' },
    );
    nginx = await startNginx({
      dataDir: pool.dataDir,
      workerArgs: ['--count', '2', '--socket-dir', socketDir],
      appRoot: app.appRoot,
      tls: { cert, key },
    });
  });
  afterAll(async () => {
    await nginx?.stop();
    await pool?.cleanup();
    app?.remove();
  });

  it('serves pages from both workers over TLS, and cached pages as files', async () => {
    expect(nginx.siteConfig).toContain('folio-1.sock');
    const first = await rawRequest(nginx.url + '/tag/ruby');
    expect(first.status).toBe(200);
    expect(first.body).toContain('Ruby one');
    await cachedFile(path.join(pool.dataDir, 'cache/tag/ruby.html'));
    expect((await rawRequest(nginx.url + '/tag/ruby')).header('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    for (let i = 0; i < 20; i += 1) expect((await rawRequest(`${nginx.url}/?n=${i}`)).status).toBe(200);
    await pool.waitForState((state) => state.workers.every((w) => (w.requestsServed ?? 0) > 0) || undefined, 10_000);
  });

  it('sends HSTS once on every answer, upgrade-insecure-requests, a __Secure- session cookie, and refuses TRACE', async () => {
    const hsts = 'max-age=31536000';
    await cachedFile(path.join(pool.dataDir, 'cache/tag/ruby.html'));
    for (const urlPath of ['/tag/ruby', '/tag/ruby?from=worker', '/admin/admin.css', '/admin/sign-in', '/.folio/x']) {
      const res = await rawRequest(nginx.url + urlPath);
      expect(res.status, urlPath).toBe(urlPath.startsWith('/.') ? 403 : 200);
      expect(all(res, 'strict-transport-security'), urlPath).toEqual([hsts]);
      if (res.status === 200 && !urlPath.endsWith('.css'))
        expect(res.header('content-security-policy'), urlPath).toContain('upgrade-insecure-requests');
      expect(all(res, 'server'), urlPath).toEqual(['nginx']);
    }
    const signedIn = await signIn(nginx.url);
    expect(signedIn.status).toBe(303);
    const [cookie] = signedIn.setCookies();
    expect(cookie).toMatch(/^__Secure-folio\.sid=[^;]+;/);
    expect(cookie).toMatch(/; Secure/);
    expect((await rawRequest(`${nginx.url}/`, { method: 'TRACE' })).status).toBe(405);
  });
});
