/**
 * Synchronizer-token CSRF protection (csrf-sync): every state-changing
 * admin request, the sign-in form included, must carry the session's token
 * as the `_csrf` form field (multipart forms too: see middleware/uploads.ts)
 * or the `X-CSRF-Token` header. Never from the query string: a secret in a
 * URL ends up in logs, history and Referer headers.
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
    return fromBody ?? req.get('x-csrf-token');
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
