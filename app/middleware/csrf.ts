/**
 * CSRF protection for every state-changing admin request: the form carries a
 * token as `_csrf` (a form field, multipart forms too: see middleware/uploads.ts) or `X-CSRF-Token`,
 * and it must match. Never from the query string: a secret in a URL ends up
 * in logs, history and Referer headers.
 *
 * Two kinds of token, one per kind of visitor, so that no anonymous visit
 * writes a session row (sessions are stored only once someone signs in):
 * - signed in: a synchronizer token kept in the session (csrf-sync);
 * - anonymous (the sign-in and setup forms, error pages): a signed double
 *   submit. A random nonce lives in an HttpOnly, SameSite=Strict cookie
 *   scoped to /admin, and the form's token is HMAC(session secret, nonce):
 *   a forger can neither read the cookie nor compute the token for it.
 * The cross-site check (cross-site.ts) stands in front of both.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type * as CsrfSync from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '#app/middleware/http-errors.ts';
import { securityEvent } from '#app/middleware/security-events.ts';
import { appContext } from '#app/context.ts';
import { sessionSettings } from '#config/session.ts';
import { lazy, once } from '#app/lazy.ts';
import { overTls, sessionCookieName } from '#app/middleware/tls.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Made with the first admin request: reader-only workers never load csrf-sync.
const csrf = once(() =>
  lazy<typeof CsrfSync>('csrf-sync')().csrfSync({
    getTokenFromRequest: tokenSent,
    getTokenFromState: (req: Request) => req.session?.csrfToken,
  }),
);

export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (!unsafeMethods.has(req.method)) return next();
  const kind = isSignedInSession(req) ? 'session' : 'anonymous';
  const valid = kind === 'session' ? csrf().isRequestValid(req) : anonymousTokenValid(req);
  if (valid) return next();
  securityEvent(req, 'csrf.refused', { kind, tokenSent: tokenSent(req) !== undefined });
  next(new HttpError(403, 'This form has expired or did not come from this site. Reload the page and try again.'));
};

/** The token for this request's forms (for a signed-in session, stored in it on first use). */
export function csrfToken(req: Request): string {
  return isSignedInSession(req) ? csrf().generateToken(req) : anonymousToken(req);
}

function tokenSent(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = typeof body?._csrf === 'string' ? body._csrf : undefined;
  return fromBody ?? req.get('x-csrf-token');
}

function isSignedInSession(req: Request): boolean {
  return req.session?.userId !== undefined;
}

// -- anonymous visitors: signed double submit --

const nonceCookieBase = 'folio.csrf';

// Under TLS the nonce cookie takes the same prefixed, Secure form as the session cookie.
function nonceCookie(req: Request): string {
  return sessionCookieName(nonceCookieBase, sessionSettings.cookiePath, overTls(req));
}
const nonceShape = /^[A-Za-z0-9_-]{43}$/;

declare module 'express-serve-static-core' {
  interface Request {
    csrfNonce?: string;
  }
}

function anonymousToken(req: Request): string {
  let nonce = req.csrfNonce ?? nonceFromCookie(req);
  if (!nonce) {
    nonce = randomBytes(32).toString('base64url');
    req.res?.cookie(nonceCookie(req), nonce, {
      httpOnly: true,
      sameSite: 'strict',
      secure: overTls(req),
      path: sessionSettings.cookiePath,
    });
  }
  req.csrfNonce = nonce;
  return sign(req, nonce);
}

function anonymousTokenValid(req: Request): boolean {
  const nonce = nonceFromCookie(req);
  const sent = tokenSent(req);
  if (!nonce || !sent) return false;
  const expected = Buffer.from(sign(req, nonce));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sign(req: Request, nonce: string): string {
  return createHmac('sha256', appContext(req).config.sessionSecret)
    .update(`anonymous-csrf:${nonce}`)
    .digest('base64url');
}

function nonceFromCookie(req: Request): string | undefined {
  const wanted = nonceCookie(req);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === wanted && value && nonceShape.test(value)) return value;
  }
  return undefined;
}
