import { describe, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { metricsAccess } from '#app/monitor/metrics/access.ts';
import { proxyTrust } from '#app/middleware/tls.ts';

const token = 'x'.repeat(40);

function appFor(allow: string[], trustedProxies: string[] = ['loopback']) {
  const app = express();
  app.set('trust proxy', proxyTrust(trustedProxies));
  app.get('/metrics', metricsAccess({ metricsAllow: allow, metricsToken: token }), (_req, res) => void res.send('ok'));
  app.use((_req, res) => void res.status(404).send('no'));
  return app;
}

const from = (address: string) => ({ 'X-Forwarded-For': address });

describe('who may read /metrics', () => {
  it('matches addresses, networks and loopback as FOLIO_TRUSTED_PROXY does', async () => {
    const app = appFor(['loopback', '10.1.0.0/16', '2001:db8::/32', '192.0.2.7']);
    await request(app).get('/metrics').expect(200); // loopback itself
    for (const allowed of ['10.1.200.3', '192.0.2.7', '2001:db8::1', '::ffff:10.1.0.9'])
      await request(app).get('/metrics').set(from(allowed)).expect(200);
    for (const refused of ['10.2.0.1', '192.0.2.8', '2001:db9::1', 'garbage'])
      await request(app).get('/metrics').set(from(refused)).expect(404);
  });

  it('opens to the bearer token from anywhere, compared whole', async () => {
    const app = appFor([]);
    await request(app).get('/metrics').expect(404);
    await request(app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    await request(app).get('/metrics').set('Authorization', `bearer ${token}`).expect(200);
    await request(app)
      .get('/metrics')
      .set('Authorization', `Bearer ${token.slice(1)}`)
      .expect(404);
    await request(app).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(404);
    await request(app).get('/metrics').set('Authorization', `Basic ${token}`).expect(404);
  });

  it('does not take a proxied request for a loopback reader when the proxy is not a configured one', async () => {
    const app = appFor(['loopback'], []);
    await request(app).get('/metrics').expect(200);
    await request(app).get('/metrics').set(from('127.0.0.1')).expect(404);
    await request(app).get('/metrics').set('Forwarded', 'for=198.51.100.1').expect(404);
  });
});
