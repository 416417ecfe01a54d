/**
 * express-session with the database store. Cookies are HttpOnly and
 * SameSite=Lax, and Secure whenever the request came over HTTPS (directly,
 * through a trusted proxy, or as the FastCGI HTTPS param says). A session is
 * stored only once something is put in it (signing in): anonymous forms use
 * a cookie-bound CSRF token instead (csrf.ts), so visits write no rows.
 */
import type { Request, RequestHandler } from 'express';
import type { Config } from '#config/environment.ts';
import { sessionSettings } from '#config/session.ts';
import { databaseSessionStore, loadExpressSession, startSessionPruning } from '#app/models/session-store.ts';
import { appContext } from '#app/context.ts';

export function adminSession(config: Config): RequestHandler {
  let handler: RequestHandler | undefined;
  return (req, res, next) => {
    if (!handler) {
      // The first admin request in this process: expired sessions are pruned from now on.
      startSessionPruning(appContext(req).logger);
      handler = sessionHandler(config);
    }
    handler(req, res, next);
  };
}

function sessionHandler(config: Config): RequestHandler {
  return loadExpressSession()({
    name: sessionSettings.cookieName,
    secret: config.sessionSecret,
    store: databaseSessionStore(sessionSettings.idleTimeoutMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: sessionSettings.idleTimeoutMs, path: sessionSettings.cookiePath },
  });
}

/*
 * express-session's regenerate/save/destroy report store failures to a
 * callback, where a throw escapes Express and kills the process. These
 * return promises instead: controllers await them, and a failing store
 * reaches the error handler like any other error.
 */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}

export function destroySession(req: Request): Promise<void> {
  if (!req.session) return Promise.resolve();
  return new Promise((resolve, reject) => req.session.destroy((error: unknown) => (error ? reject(error) : resolve())));
}
