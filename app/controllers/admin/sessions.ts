import type { Request, Response } from 'express';
import { authenticate, countAdmins } from '#app/models/user.ts';
import { signInBlockedFor, recordFailedSignIn, recordSuccessfulSignIn } from '#app/models/user/sign-in-throttle.ts';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import { safeNextPath } from '#app/middleware/authentication.ts';
import { destroySession, regenerateSession, saveSession } from '#app/middleware/session.ts';
import { securityEvent } from '#app/middleware/security-events.ts';
import { sessionSettings } from '#config/session.ts';

const failure = 'Sign-in failed: check the login and the password.';

/** GET /admin/sign-in */
export async function newSession(req: Request, res: Response) {
  if (req.currentUser) return res.redirect(303, safeNextPath(req.query.next));
  if ((await countAdmins()) === 0) return res.redirect(303, '/admin/setup');
  await renderAdmin(req, res, 'sessions/new', { error: null, login: '', next: safeNextPath(req.query.next) }, { title: 'Sign in' });
}

/** POST /admin/sign-in: one generic message for every failure; throttled per address and per account. */
export async function create(req: Request, res: Response) {
  const login = typeof req.body?.login === 'string' ? req.body.login.slice(0, 100) : '';
  const password = typeof req.body?.password === 'string' ? req.body.password : '';
  const next = safeNextPath(req.body?.next);
  const ip = req.ip ?? '';
  const again = (error: string, status: number) => renderAdmin(req, res, 'sessions/new', { error, login, next }, { title: 'Sign in', status });

  const wait = await signInBlockedFor(ip, login);
  if (wait > 0) {
    securityEvent(req, 'sign-in.throttled', { login, retryAfterSeconds: wait });
    return again(`Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, 429);
  }
  const user = await authenticate(login, password);
  if (!user) {
    await recordFailedSignIn(ip, login);
    securityEvent(req, 'sign-in.failed', { login });
    return again(failure, 422);
  }
  await recordSuccessfulSignIn(login);
  // A new session id at sign-in defeats session fixation.
  await regenerateSession(req);
  req.session.userId = user.id;
  req.session.signedInAt = Date.now();
  await saveSession(req);
  res.redirect(303, next);
}

/** POST /admin/sign-out */
export async function destroy(req: Request, res: Response) {
  await destroySession(req);
  res.clearCookie(sessionSettings.cookieName, { path: sessionSettings.cookiePath });
  res.redirect(303, '/admin/sign-in');
}
