import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { csrfFrom, signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { capturedLog } from '#test/support/log.ts';
import { forgetSignInLimiters } from '#app/models/user/sign-in-throttle.ts';

// An operator greps one structured line per security event, with address, user and the request id the error page shows.
describe('request ids and security events in the log', () => {
  let t: TestApp;
  let ada: SignedInAgent, grace: SignedInAgent;
  const log = capturedLog();
  const lastEvent = (name: string) => log.events(name).at(-1)!;

  beforeAll(async () => {
    t = await startTestApp({ logger: log.logger });
    forgetSignInLimiters();
    await cast.ada();
    await cast.grace();
    ada = await signedInAgent(t.app, 'ada');
    grace = await signedInAgent(t.app, 'grace');
  });
  afterAll(() => t.close());

  it('gives every request an id, in the response header, the request log line and the error page', async () => {
    const res = await request(t.app).get('/no/such/thing/here').set('X-Request-Id', 'forged-by-client').expect(404);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[\w-]{16}$/);
    expect(id).not.toBe('forged-by-client');
    expect(res.text).toContain(id);
    expect(log.requests().find((line) => line.reqId === id)).toMatchObject({
      method: 'GET',
      path: '/no/such/thing/here',
      status: 404,
    });
    const other = await request(t.app).get('/no/such/thing/here').expect(404);
    expect(other.headers['x-request-id']).not.toBe(id);

    const adminError = await grace.agent.get('/admin/users').expect(403);
    expect(adminError.text).toContain(adminError.headers['x-request-id']);
  });

  it('never writes a secret-looking query value to the request log', async () => {
    await ada.agent.get(`/admin/assets?_csrf=${ada.csrf()}&q=cats&password=hunter2hunter2&token=abc`).expect(200);
    const line = log
      .requests()
      .filter((l) => String(l.path).startsWith('/admin/assets?'))
      .at(-1)!;
    expect(line.path).toBe('/admin/assets?_csrf=[redacted]&q=cats&password=[redacted]&token=[redacted]');
    expect(JSON.stringify(log.lines)).not.toContain(ada.csrf());
    expect(JSON.stringify(log.lines)).not.toContain('hunter2hunter2');
  });

  it('logs a failed sign-in and a throttled one with address, login and request id', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/admin/sign-in').expect(200);
    const failed = await agent
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), login: 'ada', password: 'not the password' })
      .expect(422);
    expect(lastEvent('sign-in.failed')).toMatchObject({
      event: 'sign-in.failed',
      login: 'ada',
      user: null,
      reqId: failed.headers['x-request-id'],
      path: '/admin/sign-in',
    });
    expect(lastEvent('sign-in.failed').ip).toEqual(expect.any(String));
    expect(JSON.stringify(log.events('sign-in.failed'))).not.toContain('not the password');

    // Guess from one address until the throttle answers (however the limits are set).
    let blocked = failed;
    for (let i = 1; blocked.status !== 429 && i < 100; i++) {
      blocked = await agent
        .post('/admin/sign-in')
        .type('form')
        .send({ _csrf: csrfFrom(blocked.text), login: 'ada', password: `wrong ${i} password` });
      expect([422, 429]).toContain(blocked.status);
    }
    expect(blocked.status).toBe(429);
    expect(lastEvent('sign-in.throttled')).toMatchObject({ login: 'ada', reqId: blocked.headers['x-request-id'] });
    expect(lastEvent('sign-in.throttled').retryAfterSeconds).toBeGreaterThan(0);
    forgetSignInLimiters();
  });

  it('logs CSRF refusals, access denials and refused uploads with the user', async () => {
    const csrf = await ada.agent.post('/admin/cache/clearing').type('form').send({ _csrf: 'forged' }).expect(403);
    expect(lastEvent('csrf.refused')).toMatchObject({
      user: 'ada',
      kind: 'session',
      tokenSent: true,
      reqId: csrf.headers['x-request-id'],
      path: '/admin/cache/clearing',
    });

    const denied = await grace.post('/admin/settings', { title: 'Taken over' }).expect(403);
    expect(lastEvent('access.denied')).toMatchObject({
      user: 'grace',
      reason: 'administrators only',
      reqId: denied.headers['x-request-id'],
    });
    await request(t.app).post('/admin/articles/autosave').set('Accept', 'application/json').expect(403);

    const refused = await ada.agent
      .post('/admin/assets')
      .set('X-CSRF-Token', ada.csrf())
      .attach('files', Buffer.from('<?php echo 1; ?>'), 'shell.php')
      .expect(422);
    expect(lastEvent('upload.refused')).toMatchObject({
      user: 'ada',
      status: 422,
      reqId: refused.headers['x-request-id'],
    });
  });
});
