/**
 * Who is signed in, and the guards for admin routes. The server enforces
 * roles on every route; hiding links in views is only a courtesy.
 */
import type { Request, RequestHandler } from 'express';
import type { User } from '#app/models/db.ts';
import { findUser } from '#app/models/user.ts';
import { sessionSettings } from '#config/session.ts';
import { HttpError } from '#app/middleware/http-errors.ts';
import { destroySession } from '#app/middleware/session.ts';
import { securityEvent } from '#app/middleware/security-events.ts';

declare module 'express-serve-static-core' {
  interface Request {
    currentUser?: User;
  }
}

export const loadCurrentUser: RequestHandler = async (req, _res, next) => {
  // No session at all when express-session skipped the request (a path outside the cookie's): anonymous.
  const { userId, signedInAt } = req.session ?? {};
  if (userId === undefined) return next();
  if (!signedInAt || Date.now() - signedInAt > sessionSettings.absoluteTimeoutMs) {
    await destroySession(req);
    return next();
  }
  req.currentUser = (await findUser(userId)) ?? undefined;
  next();
};

export const requireSignIn: RequestHandler = (req, res, next) => {
  if (req.currentUser) return next();
  if (req.method === 'GET' || req.method === 'HEAD')
    return res.redirect(303, `/admin/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
  securityEvent(req, 'access.denied', { reason: 'not signed in' });
  next(new HttpError(401, 'Your session has ended. Sign in again; your work is kept in this browser.'));
};

export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (req.currentUser?.role === 'admin') return next();
  securityEvent(req, 'access.denied', { reason: 'administrators only' });
  next(new HttpError(403, 'Only an administrator can do that.'));
};

export function signedInUser(req: Request): User {
  if (!req.currentUser) throw new HttpError(401, 'Sign in first.');
  return req.currentUser;
}

/** `?next=` only ever leads to a local admin path. */
export function safeNextPath(next: unknown): string {
  return typeof next === 'string' &&
    /^\/admin(\/[^\\]*)?$/.test(next) &&
    !next.startsWith('//') &&
    !next.includes('/\\')
    ? next
    : '/admin';
}
