import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import express from 'express';
import { adminRoutes } from '#config/admin-routes.ts';
import { renderError } from '#app/middleware/errors.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { capturedLog } from '#test/support/log.ts';

// The session cookie is scoped to /admin, exactly; /Admin used to reach the admin routes without a session (500).
describe('admin addresses in another letter case', () => {
  let t: TestApp;
  const log = capturedLog();
  beforeAll(async () => {
    t = await startTestApp({ logger: log.logger });
    await cast.ada();
  });
  afterAll(() => t.close());

  const variants = [
    '/Admin/users',
    '/ADMIN/users',
    '/Admin',
    '/aDmin/sign-in',
    '/Admin/articles/new',
    '/admin/Users',
    '/admin/SIGN-IN',
  ];

  it('answers 404 (or the sign-in redirect, under /admin/) to anonymous visitors, never 500', async () => {
    for (const path of variants) {
      const res = await request(t.app).get(path);
      if (path.startsWith('/admin/')) expect(res.status, path).toBe(303);
      else expect(res.status, path).toBe(404);
      expect(res.status === 404 ? res.text : res.headers.location).toMatch(/Error 404|^\/admin\/sign-in/);
    }
    await request(t.app).post('/Admin/sign-in').type('form').send({ login: 'ada', password: 'x' }).expect(404);
    expect(log.errors()).toEqual([]);
  });

  it('answers 404 to a signed-in administrator too', async () => {
    const ada = await signedInAgent(t.app, 'ada');
    for (const path of variants) expect((await ada.agent.get(path)).status, path).toBe(404);
    await ada.agent.get('/admin/users').expect(200);
    expect(log.errors()).toEqual([]);
  });

  // The root cause, below the router: express-session gives no session outside its cookie's path.
  it('treats an admin request outside the session cookie path as anonymous, never as an error', async () => {
    const outer = express();
    Object.assign(outer.locals, t.app.locals);
    outer.use('/elsewhere', adminRoutes(t.config));
    outer.use(renderError);
    await request(outer).get('/elsewhere/sign-in').expect(200);
    await request(outer).get('/elsewhere/users').expect(303);
    await request(outer).post('/elsewhere/sign-in').type('form').send({ login: 'ada', password: 'x' }).expect(403);
    expect(log.errors()).toEqual([]);
  });
});
