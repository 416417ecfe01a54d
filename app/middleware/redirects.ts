/**
 * Old addresses answered with a 301 (app/models/redirect.ts), at two points:
 *
 * - before the routes, for an address whose query names what it is (WordPress
 *   "/?p=123", "/?cat=3"): it lands on a route that exists (the home page), so
 *   it must be caught first. Only a query with a name some redirect uses costs
 *   a lookup; every other request passes on a set lookup;
 * - at the 404, for every other address: nothing answered it, and before the
 *   "not found" page the table is asked.
 *
 * Only GET and HEAD. The request's own query is not passed on. Never under /admin.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { appContext } from '#app/context.ts';
import { absoluteUrl } from '#app/helpers/permalinks.ts';
import { HttpError } from '#app/middleware/http-errors.ts';
import { NotFoundError } from '#app/models/validation.ts';
import { lookupRedirect, recordHit, redirectQueryNames } from '#app/models/redirect.ts';

/** Told of each redirect the app answered (the web server's map may not know it yet). */
export type RedirectAnswered = (redirect: { id: number; fromPath: string; target: string }) => void;

/** Before the routes: addresses whose query names a record. */
export function queryStringRedirects(answered?: RedirectAnswered): RequestHandler {
  return async (req, res, next) => {
    if (!isReading(req) || !req.url.includes('?')) return next();
    const names = await redirectQueryNames();
    const keys = Object.keys(req.query);
    if (names !== 'any' && !keys.some((key) => names.has(key.toLowerCase()))) return next();
    if (!(await answer(req, res, answered))) next();
  };
}

/** Between the routes' 404 and the error page: any other old address. */
export function redirectInsteadOfNotFound(answered?: RedirectAnswered): ErrorRequestHandler {
  return async (error, req, res, next) => {
    if (!isNotFound(error) || !isReading(req) || res.headersSent) return next(error);
    if (!(await answer(req, res, answered))) next(error);
  };
}

async function answer(req: Request, res: Response, answered: RedirectAnswered | undefined): Promise<boolean> {
  const { config, clock, logger } = appContext(req);
  const now = clock.now();
  const found = await lookupRedirect(req.originalUrl, now);
  if (!found) return false;
  recordHit(found.id, logger, now);
  answered?.(found);
  const location = found.target.startsWith('/') ? absoluteUrl(config.baseUrl, found.target) : found.target;
  res.redirect(301, location);
  return true;
}

function isReading(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !/^\/admin(\/|\?|$)/i.test(req.originalUrl);
}

function isNotFound(error: unknown): boolean {
  return (error instanceof HttpError && error.status === 404) || error instanceof NotFoundError;
}
