/**
 * Signing in through the real form, as a browser would: a supertest agent
 * keeps the session cookie, and `csrf()` reads the token from the last page.
 */
import request from 'supertest';
import type { Express } from 'express';
import { createAccount, type Role } from '#app/models/user.ts';

export const testPassword = 'correct horse battery staple';

export function createAccountFor(login: string, role: Role = 'author') {
  return createAccount({
    login,
    role,
    email: `${login}@example.com`,
    displayName: login[0]!.toUpperCase() + login.slice(1),
    password: testPassword,
  });
}

/** The CSRF token in an admin page's HTML. */
export function csrfFrom(html: string): string {
  const token = /name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

export async function signedInAgent(app: Express, login: string, password = testPassword) {
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
    /** The current token (refreshed from a page with `refresh`). */
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

export type SignedInAgent = Awaited<ReturnType<typeof signedInAgent>>;

/** The usual pair for an admin resource's tests: ada (admin) and grace (author), both signed in. */
export async function signInAdminAndAuthor(app: Express): Promise<{ admin: SignedInAgent; author: SignedInAgent }> {
  await createAccountFor('ada', 'admin');
  await createAccountFor('grace', 'author');
  return { admin: await signedInAgent(app, 'ada'), author: await signedInAgent(app, 'grace') };
}
