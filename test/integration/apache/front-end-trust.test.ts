import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { rawRequest } from '#test/support/web-server.ts';
import { startApache } from '#test/support/apache.ts';
import { useApache, useRunningBlog } from '#test/integration/apache/blog-fixture.ts';
import { all, cachedFile, postComment, signIn } from '#test/integration/apache/front-end.ts';
import { rateLimit } from '#app/models/comment/spam.ts';

// Apache over plain HTTP, with the generated config: the workers believe Apache (REMOTE_ADDR,
// HTTPS), never what a client claims in X-Forwarded-* headers; the TLS-only headers stay off.
describe('Apache as the front end, over plain HTTP', () => {
  const blog = useRunningBlog();
  const front = useApache(blog);

  it('rate-limits comments by the address Apache saw, whatever X-Forwarded-For the client sends', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= rateLimit.comments + 1; i += 1) {
      statuses.push(
        await postComment(front.apache.url, '/2024/01/10/ruby-one', `Comment number ${i}`, {
          'X-Forwarded-For': `198.51.100.${i}`,
          'X-Real-IP': `198.51.100.${i}`,
          Forwarded: `for=198.51.100.${i}`,
        }),
      );
    }
    expect(statuses).toEqual([...Array<number>(rateLimit.comments).fill(303), 429]);
  });

  it('believes no client-sent X-Forwarded-Proto: no HSTS, no upgrade-insecure-requests, a plain cookie', async () => {
    const page = await rawRequest(`${front.apache.url}/2024/02/10/rails-one`, {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    expect(page.status).toBe(200);
    expect(page.header('content-security-policy')).toContain("default-src 'self'");
    expect(page.header('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(page.header('strict-transport-security')).toBeUndefined();
    const signedIn = await signIn(front.apache.url, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Ssl': 'on' });
    expect(signedIn.status).toBe(303);
    const [cookie] = signedIn.setCookies();
    expect(cookie).toMatch(/^folio\.sid=/);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('serves cached pages and public files without the TLS-only headers', async () => {
    await rawRequest(`${front.apache.url}/tag/rails`);
    await cachedFile(path.join(blog.pool.dataDir, 'cache/tag/rails.html'));
    for (const urlPath of ['/tag/rails', '/admin/admin.css']) {
      const res = await rawRequest(front.apache.url + urlPath);
      expect(res.status, urlPath).toBe(200);
      expect(res.header('strict-transport-security'), urlPath).toBeUndefined();
      expect(res.header('content-security-policy') ?? '', urlPath).not.toContain('upgrade-insecure-requests');
    }
  });

  it('takes an https: BASE_URL as TLS ending in front of Apache: the workers hear HTTPS=on from it', async () => {
    const behindTls = await startApache({
      dataDir: blog.pool.dataDir,
      workerArgs: blog.workerArgs,
      appRoot: blog.app.appRoot,
      baseUrl: 'https://blog.test',
    });
    try {
      const page = await rawRequest(`${behindTls.url}/2024/02/10/rails-one?from=worker`);
      expect(all(page, 'strict-transport-security')).toEqual(['max-age=31536000']);
      expect(page.header('content-security-policy')).toContain('upgrade-insecure-requests');
      expect((await signIn(behindTls.url)).setCookies()[0]).toMatch(/^__Secure-folio\.sid=.*; Secure/);
    } finally {
      await behindTls.stop();
    }
  });

  it('answers TRACE with 405 and names no version, on its own pages and the app’s', async () => {
    const trace = await rawRequest(`${front.apache.url}/`, {
      method: 'TRACE',
      headers: { cookie: 'folio.sid=secret' },
    });
    expect(trace.status).toBe(405);
    expect(trace.body).not.toContain('secret');
    for (const res of [
      trace,
      await rawRequest(`${front.apache.url}/?from=worker`),
      await rawRequest(`${front.apache.url}/admin/admin.css`),
      await rawRequest(`${front.apache.url}/.folio/index.sqlite`),
    ]) {
      expect(all(res, 'server')).toEqual(['Apache']);
      expect(res.body).not.toMatch(/Apache\/\d|Debian/);
    }
  });
});
