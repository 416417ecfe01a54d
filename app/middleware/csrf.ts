/**
 * Synchronizer-token CSRF protection (csrf-sync): every state-changing
 * admin request, the sign-in form included, must carry the session's token
 * as `_csrf` (form field, query for multipart forms) or `X-CSRF-Token`.
 */
import type * as CsrfSync from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '#app/middleware/errors.ts';
import { lazy, once } from '#app/lazy.ts';

// Made with the first admin request: reader-only workers never load csrf-sync.
const csrf = once(() => lazy<typeof CsrfSync>('csrf-sync')().csrfSync({
  getTokenFromRequest: (req: Request) => {
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = typeof body?._csrf === 'string' ? body._csrf : undefined;
    const fromQuery = typeof req.query?._csrf === 'string' ? req.query._csrf : undefined;
    return fromBody ?? req.get('x-csrf-token') ?? fromQuery;
  },
}));

export const csrfProtection: RequestHandler = (req, res, next) => {
  csrf().csrfSynchronisedProtection(req, res, (error?: unknown) =>
    next(error ? new HttpError(403, 'This form has expired or did not come from this site. Reload the page and try again.') : undefined));
};

/** The session's token, created on first use. */
export function csrfToken(req: Request): string {
  return csrf().generateToken(req);
}
