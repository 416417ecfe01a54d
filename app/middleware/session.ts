/**
 * express-session with the database store. Cookies are HttpOnly and
 * SameSite=Lax; over TLS (the one rule in app/middleware/tls.ts) they are
 * Secure and carry the strongest name prefix their path allows.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '#config/environment.ts';
import { sessionSettings } from '#config/session.ts';
import { databaseSessionStore, loadExpressSession } from '#app/models/session-store.ts';
import { once } from '#app/lazy.ts';
import { overTls, sessionCookieName } from '#app/middleware/tls.ts';

export function adminSession(config: Config): RequestHandler {
  const plain = once(() => sessionHandler(config, false));
  const tls = once(() => sessionHandler(config, true));
  return (req, res, next) => (overTls(req) ? tls : plain)()(req, res, next);
}

/** Sign-out: express-session leaves the cookie; a prefixed one is only replaced with the same Secure flag and path. */
export function clearSessionCookie(req: Request, res: Response): void {
  const tls = overTls(req);
  res.clearCookie(sessionCookieName(sessionSettings.cookieName, sessionSettings.cookiePath, tls), { path: sessionSettings.cookiePath, secure: tls, httpOnly: true, sameSite: 'lax' });
}

function sessionHandler(config: Config, tls: boolean): RequestHandler {
  return loadExpressSession()({
    name: sessionCookieName(sessionSettings.cookieName, sessionSettings.cookiePath, tls),
    secret: config.sessionSecret,
    store: databaseSessionStore(sessionSettings.idleTimeoutMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: tls, maxAge: sessionSettings.idleTimeoutMs, path: sessionSettings.cookiePath },
  });
}
