import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { csrfFrom, testPassword } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { forgetSignInLimiters } from '#app/models/user/sign-in-throttle.ts';
import { pruneExpiredSessions, startSessionPruning } from '#app/models/session-store.ts';
import { capturedLog } from '#test/support/log.ts';
import { db } from '#app/models/db.ts';

// Sessions are stored only once someone signs in; anonymous forms carry a cookie-bound token instead.
describe('session rows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    forgetSignInLimiters();
    await cast.ada();
  });
  afterAll(() => t.close());

  it('writes no session row and sets no session cookie for anonymous visits to the sign-in page', async () => {
    const before = await db.session.count();
    for (let i = 0; i < 3; i++) {
      const page = await request(t.app).get('/admin/sign-in').expect(200);
      expect(String(page.headers['set-cookie'])).not.toContain('folio.sid');
    }
    await request(t.app).get('/admin/no-such-page').expect(303);
    await request(t.app).post('/admin/sign-in').type('form').send({ login: 'ada', password: 'x' }).expect(403);
    expect(await db.session.count()).toBe(before);
  });

  it('still signs in with the anonymous form token, then stores exactly one session', async () => {
    const before = await db.session.count();
    const agent = request.agent(t.app);
    const page = await agent.get('/admin/sign-in').expect(200);
    expect(String(page.headers['set-cookie'])).toMatch(/folio\.csrf=[\w-]+; Path=\/admin; HttpOnly; SameSite=Strict/);
    // A second page in the same browser keeps the same token, so two open tabs both work.
    expect(csrfFrom((await agent.get('/admin/sign-in').expect(200)).text)).toBe(csrfFrom(page.text));
    await agent
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), login: 'ada', password: testPassword })
      .expect(303);
    await agent.get('/admin').expect(200);
    expect(await db.session.count()).toBe(before + 1);
  });

  it('refuses an anonymous token without its cookie, or with another browser’s cookie', async () => {
    const first = request.agent(t.app);
    const token = csrfFrom((await first.get('/admin/sign-in').expect(200)).text);
    await request(t.app)
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: token, login: 'ada', password: testPassword })
      .expect(403);
    const second = request.agent(t.app);
    await second.get('/admin/sign-in').expect(200);
    await second
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: token, login: 'ada', password: testPassword })
      .expect(403);
  });

  it('prunes expired sessions and keeps live ones', async () => {
    const now = Date.now();
    await db.session.createMany({
      data: [
        { sid: 'expired-a', data: '{}', expiresAt: new Date(now - 60_000) },
        { sid: 'expired-b', data: '{}', expiresAt: new Date(now - 86_400_000) },
        { sid: 'live', data: '{}', expiresAt: new Date(now + 60_000) },
      ],
    });
    expect(await pruneExpiredSessions(new Date(now))).toBe(2);
    const sids = (await db.session.findMany({ select: { sid: true } })).map((row) => row.sid);
    expect(sids).toContain('live');
    expect(sids).not.toContain('expired-a');
    expect(sids).not.toContain('expired-b');
  });

  it('prunes at once when started, then on its interval', async () => {
    const expired = (sid: string) =>
      db.session.create({ data: { sid, data: '{}', expiresAt: new Date(Date.now() - 1000) } });
    const gone = async (sid: string) => expect(await db.session.count({ where: { sid } })).toBe(0);
    await expired('stale-at-start');
    const log = capturedLog();
    const timer = startSessionPruning(log.logger, 50);
    try {
      await vi.waitFor(() => gone('stale-at-start'), { timeout: 10_000 });
      await expired('stale-later');
      await vi.waitFor(() => gone('stale-later'), { timeout: 10_000 });
    } finally {
      clearInterval(timer);
    }
    expect(log.lines.some((line) => line.msg === 'expired sessions pruned')).toBe(true);
  });
});
