import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInWithHeaders } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';

// How "served over TLS" is decided when Folio serves HTTP itself (app/middleware/tls.ts).
describe('TLS and forwarding headers over direct HTTP', () => {
  describe('with no trusted proxy (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { FOLIO_TRUSTED_PROXY: 'none' } });
      await cast.ada();
    });
    afterAll(() => t.close());

    it('sends no TLS-only directive over plain HTTP: no upgrade-insecure-requests, no HSTS', async () => {
      const res = await request(t.app).get('/').expect(200);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('ignores a client-sent X-Forwarded-Proto: the cookie stays plain, no HSTS', async () => {
      const res = await request(t.app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      const cookie = await signInWithHeaders(t.app, 'ada', { 'X-Forwarded-Proto': 'https' });
      expect(cookie).toMatch(/^folio\.sid=/);
      expect(cookie).not.toMatch(/Secure/i);
    });
  });
});
