/**
 * Folio as an IndieAuth server, driven with plain HTTP as the W3C spec
 * (2022) describes a client's requests: discovery through the metadata,
 * the browser's trip through the consent page, PKCE S256 computed here, the
 * code redeemed at the token endpoint or (sign-in only) at the
 * authorization endpoint.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { csrfFrom, signInAdminAndAuthor, testPassword, type SignedInAgent } from '#test/support/admin.ts';
import { forgetSignInLimiters } from '#app/models/user/sign-in-throttle.ts';
import { authenticateBearer } from '#app/models/app-password.ts';
import { db } from '#app/models/db.ts';

const clientId = 'https://app.example/';
const redirectUri = 'https://app.example/callback';
const issuer = `${testBaseUrl}/`;

/** A JSON answer's fields, for reading one at a time. */
function bodyOf(res: request.Response): Record<string, unknown> {
  return res.body as Record<string, unknown>;
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The query a client builds (IndieAuth §5.2). */
function authorizationQuery(challenge: string, extra: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    state: 'state-1234',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: 'create media profile',
    me: `${testBaseUrl}/`,
    ...extra,
  }).toString();
}

/** The consent form's hidden fields, as the browser would send them back. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[name!] = value!
      .replaceAll('&amp;', '&')
      .replaceAll('&#34;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  return fields;
}

describe('IndieAuth', () => {
  let t: TestApp;
  let author: SignedInAgent;

  beforeAll(async () => {
    t = await startTestApp();
    forgetSignInLimiters();
    ({ author } = await signInAdminAndAuthor(t.app));
  });
  afterAll(() => t.close());

  /** The browser's part: consent page, then Allow (with these boxes ticked) or Deny; the redirect's query. */
  async function consent(challenge: string, decision: 'allow' | 'deny', granted: string[], extra = {}) {
    const page = await author.get(`/admin/indieauth/authorization?${authorizationQuery(challenge, extra)}`);
    const answer = await author
      .post('/admin/indieauth/approval', { ...hiddenFields(page.text), decision, granted })
      .expect(302);
    const location = new URL(String(answer.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    return location.searchParams;
  }

  function redeemAtTokenEndpoint(fields: Record<string, string>) {
    return request(t.app)
      .post('/indieauth/token')
      .type('form')
      .set('Accept', 'application/json')
      .send({ grant_type: 'authorization_code', client_id: clientId, redirect_uri: redirectUri, ...fields });
  }

  it('publishes its metadata', async () => {
    const res = await request(t.app).get('/.well-known/oauth-authorization-server').expect(200);
    expect(res.body).toMatchObject({
      issuer,
      authorization_endpoint: `${testBaseUrl}/admin/indieauth/authorization`,
      token_endpoint: `${testBaseUrl}/indieauth/token`,
      revocation_endpoint: `${testBaseUrl}/indieauth/revocation`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(bodyOf(res).scopes_supported).toEqual(expect.arrayContaining(['create', 'update', 'media', 'profile']));
  });

  it('sends a signed-out browser to sign in and back to the consent page', async () => {
    const path = `/admin/indieauth/authorization?${authorizationQuery(pkce().challenge)}`;
    await request(t.app)
      .get(path)
      .expect(303)
      .expect('Location', `/admin/sign-in?next=${encodeURIComponent(path)}`);
    const browser = request.agent(t.app);
    const signIn = await browser.get(`/admin/sign-in?next=${encodeURIComponent(path)}`).expect(200);
    await browser
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(signIn.text), login: 'grace', password: testPassword, next: path })
      .expect(303)
      .expect('Location', path);
    const page = await browser.get(path).expect(200);
    expect(page.text).toContain('wants to sign in as you');
  });

  it('gives a code for the ticked scopes, redeemed once with the right verifier for a Bearer token', async () => {
    const { verifier, challenge } = pkce();
    const page = await author.get(`/admin/indieauth/authorization?${authorizationQuery(challenge)}`);
    expect(page.text).toContain('https://app.example/');
    expect(page.text).toMatch(/name="granted" value="create" checked/);
    expect(page.text).toMatch(/name="granted" value="media" checked/);

    const back = await consent(challenge, 'allow', ['create', 'profile']);
    expect(back.get('state')).toBe('state-1234');
    expect(back.get('iss')).toBe(issuer);
    const code = back.get('code')!;
    expect(code).toBeTruthy();
    expect(await db.indieAuthCode.count({ where: { codeHash: code } })).toBe(0);

    const wrongVerifier = await redeemAtTokenEndpoint({ code, code_verifier: pkce().verifier }).expect(400);
    expect(bodyOf(wrongVerifier).error).toBe('invalid_grant');
    const wrongRedirect = await redeemAtTokenEndpoint({
      code,
      code_verifier: verifier,
      redirect_uri: 'https://app.example/other',
    }).expect(400);
    expect(bodyOf(wrongRedirect).error).toBe('invalid_grant');
    const wrongClient = await redeemAtTokenEndpoint({
      code,
      code_verifier: verifier,
      client_id: 'https://evil.example/',
    }).expect(400);
    expect(bodyOf(wrongClient).error).toBe('invalid_grant');
    const missing = await redeemAtTokenEndpoint({ code }).expect(400);
    expect(bodyOf(missing).error).toBe('invalid_request');

    const granted = await redeemAtTokenEndpoint({ code, code_verifier: verifier }).expect(200);
    expect(granted.headers['cache-control']).toBe('no-store');
    expect(granted.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'create profile',
      me: `${testBaseUrl}/author/grace`,
      profile: { name: 'Grace Hopper', url: `${testBaseUrl}/author/grace` },
    });
    const token = bodyOf(granted).access_token as string;

    const reused = await redeemAtTokenEndpoint({ code, code_verifier: verifier }).expect(400);
    expect(bodyOf(reused).error).toBe('invalid_grant');

    const client = await authenticateBearer(token, '192.0.2.50');
    expect([...(client?.scopes ?? [])]).toEqual(['create', 'profile']);
    const info = await request(t.app).get('/indieauth/token').set('Authorization', `Bearer ${token}`).expect(200);
    expect(info.body).toEqual({ me: `${testBaseUrl}/author/grace`, client_id: clientId, scope: 'create profile' });

    const list = await author.get('/admin/app-passwords');
    expect(list.text).toContain('<td>app.example</td>');
    expect(list.text).toContain(clientId);

    await request(t.app).post('/indieauth/revocation').type('form').send({ token }).expect(200);
    await request(t.app).post('/indieauth/revocation').type('form').send({ token }).expect(200);
    await request(t.app).get('/indieauth/token').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('refuses an expired code', async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent(challenge, 'allow', ['create'])).get('code')!;
    await db.indieAuthCode.updateMany({ where: { usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await redeemAtTokenEndpoint({ code, code_verifier: verifier }).expect(400);
    expect(bodyOf(expired).error).toBe('invalid_grant');
  });

  it('sends access_denied back when the author denies', async () => {
    const back = await consent(pkce().challenge, 'deny', ['create']);
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('state')).toBe('state-1234');
    expect(back.get('iss')).toBe(issuer);
    expect(back.get('code')).toBeNull();
  });

  it('redeems a sign-in-only code at the authorization endpoint for the profile URL, never for a token', async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent(challenge, 'allow', [], { scope: '' })).get('code')!;
    const refused = await redeemAtTokenEndpoint({ code, code_verifier: verifier }).expect(400);
    expect(bodyOf(refused).error).toBe('invalid_grant');

    const me = await request(t.app)
      .post('/admin/indieauth/authorization')
      .type('form')
      .set('Accept', 'application/json')
      .send({
        grant_type: 'authorization_code',
        code,
        client_id: clientId,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      })
      .expect(200);
    expect(me.body).toEqual({ me: `${testBaseUrl}/author/grace` });
  });

  it('refuses with a page, never a redirect, a client it cannot trust', async () => {
    const { challenge } = pkce();
    const cases: [Record<string, string>, string][] = [
      [{ redirect_uri: 'https://evil.example/callback' }, 'is not on the app'],
      [{ client_id: 'http://app.example/', redirect_uri: 'http://app.example/cb' }, 'must use https'],
      [{ client_id: 'https://10.0.0.1/', redirect_uri: 'https://10.0.0.1/cb' }, 'not an IP address'],
      [{ code_challenge_method: 'plain' }, 'S256'],
      [{ code_challenge: 'short' }, 'code_challenge'],
      [{ state: '' }, 'state'],
      [{ response_type: 'token' }, 'response_type'],
    ];
    for (const [extra, message] of cases) {
      const res = await author.get(`/admin/indieauth/authorization?${authorizationQuery(challenge, extra)}`, 400);
      expect(res.text).toContain(message);
      expect(res.headers.location).toBeUndefined();
    }
    await author.get(
      `/admin/indieauth/authorization?${authorizationQuery(challenge, { client_id: 'http://127.0.0.1:8080/', redirect_uri: 'http://127.0.0.1:8080/cb' })}`,
    );
  });

  it('escapes what the client sent on the consent page', async () => {
    const nasty = '"><script>alert(1)</script>';
    const res = await author.get(
      `/admin/indieauth/authorization?${authorizationQuery(pkce().challenge, {
        client_id: `https://app.example/?x=${nasty}`,
        redirect_uri: `https://app.example/cb?y=${nasty}`,
        state: nasty,
        scope: `create <b>bold</b>`,
      })}`,
    );
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).not.toContain('<b>bold</b>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('answers token errors in OAuth JSON', async () => {
    const res = await request(t.app).post('/indieauth/token').type('form').send({ grant_type: 'password' }).expect(400);
    expect(bodyOf(res).error).toBe('unsupported_grant_type');
    const unknown = await redeemAtTokenEndpoint({ code: 'nope', code_verifier: pkce().verifier }).expect(400);
    expect(bodyOf(unknown).error).toBe('invalid_grant');
    expect(bodyOf(unknown).error_description).toContain('unknown');
    const noBearer = await request(t.app).get('/indieauth/token').expect(401);
    expect(bodyOf(noBearer).error).toBe('invalid_request');
  });
});
