/**
 * express-session with the database store. Cookies are HttpOnly and
 * SameSite=Lax, and Secure whenever the request came over HTTPS (directly,
 * through a trusted proxy, or as the FastCGI HTTPS param says).
 */
import type { RequestHandler } from 'express';
import type { Config } from '#config/environment.ts';
import { sessionSettings } from '#config/session.ts';
import { databaseSessionStore, loadExpressSession } from '#app/models/session-store.ts';
import { once } from '#app/lazy.ts';

export function adminSession(config: Config): RequestHandler {
  const handler = once(() => sessionHandler(config));
  return (req, res, next) => handler()(req, res, next);
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
