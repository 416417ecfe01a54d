/**
 * express-session with the database store. Cookies are HttpOnly and
 * SameSite=Lax; over TLS (the one rule in app/middleware/tls.ts) they are
 * Secure and carry the strongest name prefix their path allows. A session is
 * stored only once something is put in it (signing in): anonymous forms use
 * a cookie-bound CSRF token instead (csrf.ts), so visits write no rows.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '#config/environment.ts';
import { sessionSettings } from '#config/session.ts';
import { databaseSessionStore, loadExpressSession, startSessionPruning } from '#app/models/session-store.ts';
import { appContext } from '#app/context.ts';
import { once } from '#app/lazy.ts';
import { overTls, sessionCookieName } from '#app/middleware/tls.ts';

export function adminSession(config: Config): RequestHandler {
  const plain = once(() => sessionHandler(config, false));
  const tls = once(() => sessionHandler(config, true));
  let pruning = false;
  return (req, res, next) => {
    if (!pruning) {
      // The first admin request in this process: expired sessions are pruned from now on.
      startSessionPruning(appContext(req).logger);
      pruning = true;
    }
    (overTls(req) ? tls : plain)()(req, res, next);
  };
}

/** Sign-out: express-session leaves the cookie; a prefixed one is only replaced with the same Secure flag and path. */
export function clearSessionCookie(req: Request, res: Response): void {
  const tls = overTls(req);
  res.clearCookie(sessionCookieName(sessionSettings.cookieName, sessionSettings.cookiePath, tls), {
    path: sessionSettings.cookiePath,
    secure: tls,
    httpOnly: true,
    sameSite: 'lax',
  });
}

function sessionHandler(config: Config, tls: boolean): RequestHandler {
  return loadExpressSession()({
    name: sessionCookieName(sessionSettings.cookieName, sessionSettings.cookiePath, tls),
    secret: config.sessionSecret,
    store: databaseSessionStore(sessionSettings.idleTimeoutMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: tls,
      maxAge: sessionSettings.idleTimeoutMs,
      path: sessionSettings.cookiePath,
    },
  });
}

/*
 * express-session's regenerate/save/destroy report store failures to a
 * callback, where a throw escapes Express and kills the process. These
 * return promises instead: controllers await them, and a failing store
 * reaches the error handler like any other error.
 */
export function regenerateSession(req: Request): Promise<void> {
  return settled((done) => req.session.regenerate(done));
}

export function saveSession(req: Request): Promise<void> {
  return settled((done) => req.session.save(done));
}

export function destroySession(req: Request): Promise<void> {
  if (!req.session) return Promise.resolve();
  return settled((done) => req.session.destroy(done));
}

function settled(call: (done: (error: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) =>
    call((error) =>
      error
        ? reject(error instanceof Error ? error : new Error('The session store failed.', { cause: error }))
        : resolve(),
    ),
  );
}
