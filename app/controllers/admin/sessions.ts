import type { Request, Response } from 'express';
import { authenticate, countAdmins } from '#app/models/user.ts';
import { signInBlockedFor, recordFailedSignIn, recordSuccessfulSignIn } from '#app/models/user/sign-in-throttle.ts';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import { safeNextPath } from '#app/middleware/authentication.ts';
import { clearSessionCookie, destroySession, regenerateSession, saveSession } from '#app/middleware/session.ts';
import { securityEvent } from '#app/middleware/security-events.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';

const failure = 'Sign-in failed: check the login and the password.';

/** GET /admin/sign-in */
export async function newSession(req: Request, res: Response) {
  if (req.currentUser) return res.redirect(303, safeNextPath(req.query.next));
  if ((await countAdmins()) === 0) return res.redirect(303, '/admin/setup');
  await renderAdmin(
    req,
    res,
    'sessions/new',
    { error: null, login: '', next: safeNextPath(req.query.next) },
    { title: 'Sign in' },
  );
}

/** POST /admin/sign-in: one generic message for every failure; throttled per account from an address, and per address. */
export async function create(req: Request, res: Response) {
  const fields = formFields(req, ['login', 'password', 'next']);
  const login = fields.login.slice(0, 100);
  const { password } = fields;
  const next = safeNextPath(fields.next);
  const ip = req.ip ?? '';
  const again = (error: string, status: number) =>
    renderAdmin(req, res, 'sessions/new', { error, login, next }, { title: 'Sign in', status });

  const wait = await signInBlockedFor(ip, login);
  if (wait > 0) {
    securityEvent(req, 'sign-in.throttled', { login, retryAfterSeconds: wait });
    res.setHeader('Retry-After', String(wait));
    return again(`Too many failed sign-ins from here. Try again in ${waitInWords(wait)}.`, 429);
  }
  const user = await authenticate(login, password);
  if (!user) {
    await recordFailedSignIn(ip, login);
    securityEvent(req, 'sign-in.failed', { login });
    return again(failure, 422);
  }
  await recordSuccessfulSignIn(ip, login);
  // A new session id at sign-in defeats session fixation.
  await regenerateSession(req);
  req.session.userId = user.id;
  req.session.signedInAt = Date.now();
  await saveSession(req);
  res.redirect(303, next);
}

/** "45 seconds", "15 minutes", "24 hours": rounded up, so the reader never comes back too early. */
function waitInWords(seconds: number): string {
  const [amount, unit] =
    seconds < 60
      ? [seconds, 'second']
      : seconds < 3600
        ? [Math.ceil(seconds / 60), 'minute']
        : [Math.ceil(seconds / 3600), 'hour'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** POST /admin/sign-out */
export async function destroy(req: Request, res: Response) {
  await destroySession(req);
  clearSessionCookie(req, res);
  res.redirect(303, '/admin/sign-in');
}
