/**
 * express-session with the database store. Cookies are HttpOnly and
 * SameSite=Lax, and Secure whenever the request came over HTTPS (directly,
 * through a trusted proxy, or as the FastCGI HTTPS param says).
 */
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Config } from '#config/environment.ts';
import { sessionSettings } from '#config/session.ts';
import { DatabaseSessionStore } from '#app/models/session-store.ts';

export function adminSession(config: Config): RequestHandler {
  return session({
    name: sessionSettings.cookieName,
    secret: config.sessionSecret,
    store: new DatabaseSessionStore(sessionSettings.idleTimeoutMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: sessionSettings.idleTimeoutMs, path: sessionSettings.cookiePath },
  });
}
