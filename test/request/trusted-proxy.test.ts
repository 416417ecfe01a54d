import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInWithHeaders } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { cacheFirst } from '#app/server/http.ts';
import { pageCacheOf } from '#app/page-cache/index.ts';

// How "served over TLS" is decided behind a proxy named by FOLIO_TRUSTED_PROXY (app/middleware/tls.ts).
describe('TLS and forwarding headers over direct HTTP', () => {
  describe('behind a configured proxy', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { FOLIO_TRUSTED_PROXY: '127.0.0.1' } });
      await cast.ada();
      await createArticle({ title: 'Cached over TLS' });
    });
    afterAll(() => t.close());

    it('believes its X-Forwarded-Proto: HSTS, upgrade-insecure-requests and a __Secure- cookie', async () => {
      const res = await request(t.app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      const cookie = await signInWithHeaders(t.app, 'ada', { 'X-Forwarded-Proto': 'https' });
      expect(cookie).toMatch(/^__Secure-folio\.sid=[^;]+;.*Path=\/admin/);
      expect(cookie).toMatch(/; Secure/);
    });

    it('serves cached pages from the fast path with the headers of their transport', async () => {
      const server = cacheFirst(t.app);
      await request(server).get('/').expect(200);
      await pageCacheOf(t.app)!.idle();
      const plain = await request(server).get('/').expect(200);
      expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      const tls = await request(server).get('/').set('X-Forwarded-Proto', 'https').expect(200);
      expect(tls.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(tls.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      // Both came from the cache file, not the app.
      expect(plain.headers.etag).toBe(tls.headers.etag);
      expect(plain.headers['accept-ranges'] ?? plain.headers['last-modified']).toBeDefined();
    });
  });
});
