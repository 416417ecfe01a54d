/**
 * The checks every admin route test repeats: anonymous visitors are sent to
 * sign in (GET) or refused with 401 (POST with a valid CSRF token), and a
 * signed-in agent's POST without the token is refused with 403.
 */
import request from 'supertest';
import { expect } from 'vitest';
import type { Express } from 'express';
import { csrfFrom, type SignedInAgent } from '#test/support/admin.ts';

/** GET as nobody: a 303 to the sign-in page that comes back here. */
export async function expectSignInRedirect(app: Express, path: string): Promise<void> {
  await request(app)
    .get(path)
    .expect(303)
    .expect('Location', `/admin/sign-in?next=${encodeURIComponent(path)}`);
}

/** POST as nobody, with the token a sign-in page gave: 401. */
export async function expectAnonymousPostRefused(
  app: Express,
  path: string,
  fields: Record<string, unknown> = {},
): Promise<void> {
  const visitor = request.agent(app);
  const page = await visitor.get('/admin/sign-in').expect(200);
  await visitor
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: csrfFrom(page.text) })
    .expect(401);
}

/** POST with no token, then with a forged one: 403 both times. */
export async function expectCsrfRefused(
  user: SignedInAgent,
  path: string,
  fields: Record<string, unknown> = {},
): Promise<void> {
  const missing = await user.agent.post(path).type('form').send(fields).expect(403);
  expect(missing.text).toContain('did not come from this site');
  await user.agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: 'forged-token' })
    .expect(403);
}
