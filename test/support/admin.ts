/**
 * Signing in through the real form, as a browser would: a supertest agent
 * keeps the session cookie, and `csrf()` reads the token from the last page.
 */
import request from 'supertest';
import type { Express } from 'express';
import type { User } from '#app/models/db.ts';
import type { Role } from '#app/models/user.ts';
import { createUser, testPassword } from '#test/fixtures/factories.ts';
import { ada, grace } from '#test/fixtures/cast.ts';

export { testPassword };

/** A one-off account named after its login ("root" is Root); the cast (test/fixtures/cast.ts) has the usual people. */
export function createAccountFor(login: string, role: Role = 'author'): Promise<User> {
  return createUser({ login, role, displayName: login[0]!.toUpperCase() + login.slice(1) });
}

/** The CSRF token in an admin page's HTML. */
export function csrfFrom(html: string): string {
  const token = /name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

/** A browser's session in the admin: a supertest agent with its cookie jar, and the page's CSRF token. */
export interface SignedInAgent {
  agent: request.Agent;
  /** The current token (refreshed by `get` from each admin page). */
  csrf(): string;
  /** GETs `path`, expects `status`, and keeps the page's token. */
  get(path: string, status?: number): Promise<request.Response>;
  /** POSTs a form with the current token. */
  post(path: string, fields?: Record<string, unknown>): request.Test;
}

export async function signedInAgent(app: Express, login: string, password = testPassword): Promise<SignedInAgent> {
  const agent = request.agent(app);
  const page = await agent.get('/admin/sign-in').expect(200);
  await agent
    .post('/admin/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), login, password })
    .expect(303);
  const dashboard = await agent.get('/admin').expect(200);
  let token = csrfFrom(dashboard.text);
  return {
    agent,
    csrf: () => token,
    async get(path: string, status = 200) {
      const res = await agent.get(path).expect(status);
      if (/name="csrf-token"/.test(res.text)) token = csrfFrom(res.text);
      return res;
    },
    post(path: string, fields: Record<string, unknown> = {}) {
      return agent
        .post(path)
        .type('form')
        .send({ _csrf: token, ...fields });
    },
  };
}

/** Signs in with `headers` on both requests (no cookie jar: it would keep a Secure cookie from plain HTTP); returns the Set-Cookie of the sign-in. */
export async function signInWithHeaders(app: Express, login: string, headers: Record<string, string>): Promise<string> {
  const page = await request(app).get('/admin/sign-in').set(headers).expect(200);
  const cookies = ((page.headers['set-cookie'] as unknown as string[] | undefined) ?? [])
    .map((line) => line.split(';')[0])
    .join('; ');
  const res = await request(app)
    .post('/admin/sign-in')
    .set(headers)
    .set('Cookie', cookies)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), login, password: testPassword })
    .expect(303);
  return String(res.headers['set-cookie']);
}

/** The usual pair for an admin resource's tests: the cast's ada (admin) and grace (author), both signed in. */
export async function signInAdminAndAuthor(app: Express): Promise<{ admin: SignedInAgent; author: SignedInAgent }> {
  await ada();
  await grace();
  return { admin: await signedInAgent(app, 'ada'), author: await signedInAgent(app, 'grace') };
}
