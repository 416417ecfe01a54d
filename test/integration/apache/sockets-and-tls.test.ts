import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startApache, type Apache } from '#test/support/apache.ts';
import { blogPool, deployedApp } from '#test/integration/apache/blog-fixture.ts';
import type { PoolHarness } from '#test/integration/pool/pool-harness.ts';
import { rawRequest } from '#test/support/web-server.ts';
import { all, cachedFile, signIn } from '#test/integration/apache/front-end.ts';
import { waitFor } from '#test/support/wait-for.ts';

// The other shapes the generated config takes: workers on unix sockets, and HTTPS.
describe('Apache over HTTPS, with workers on unix sockets', () => {
  let pool: PoolHarness;
  let apache: Apache;
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
    apache = await startApache({
      dataDir: pool.dataDir,
      workerArgs: ['--count', '2', '--socket-dir', socketDir],
      appRoot: app.appRoot,
      tls: { cert, key },
    });
  });
  afterAll(async () => {
    await apache?.stop();
    await pool?.cleanup();
    app?.remove();
  });

  it('serves pages from both workers over TLS, and cached pages as files', async () => {
    expect(apache.siteConfig).toContain('|fcgi://folio-1/');
    const first = await get(apache.url + '/tag/ruby');
    expect(first.status).toBe(200);
    expect(first.body).toContain('Ruby one');
    await waitFor(() => existsSync(path.join(pool.dataDir, 'cache/tag/ruby.html')), {
      timeout: 5000,
      message: '/tag/ruby to be cached',
    });
    const second = await get(apache.url + '/tag/ruby');
    expect(second.headers['accept-ranges']).toBe('bytes');
    for (let i = 0; i < 20; i += 1) expect((await get(`${apache.url}/?n=${i}`)).status).toBe(200);
    const served = await pool.waitForState(
      (state) => (state.workers.every((w) => (w.requestsServed ?? 0) > 0) ? true : undefined),
      10_000,
    );
    expect(served).toBe(true);
  });

  it('sends HSTS once on every answer, upgrade-insecure-requests, a __Secure- session cookie, and refuses TRACE', async () => {
    const hsts = 'max-age=31536000';
    await cachedFile(path.join(pool.dataDir, 'cache/tag/ruby.html'));
    for (const urlPath of ['/tag/ruby', '/tag/ruby?from=worker', '/admin/admin.css', '/admin/sign-in']) {
      const res = await rawRequest(apache.url + urlPath);
      expect(res.status, urlPath).toBe(200);
      expect(all(res, 'strict-transport-security'), urlPath).toEqual([hsts]);
      if (!urlPath.endsWith('.css'))
        expect(res.header('content-security-policy'), urlPath).toContain('upgrade-insecure-requests');
      expect(all(res, 'server'), urlPath).toEqual(['Apache']);
    }
    const signedIn = await signIn(apache.url);
    expect(signedIn.status).toBe(303);
    const [cookie] = signedIn.setCookies();
    // The cookie's path is /admin, so __Host- (which needs Path=/) is out of reach; __Secure- is the strongest.
    expect(cookie).toMatch(/^__Secure-folio\.sid=[^;]+;/);
    expect(cookie).toMatch(/; Path=\/admin/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect((await rawRequest(`${apache.url}/`, { method: 'TRACE' })).status).toBe(405);
  });
});

function get(
  url: string,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}
