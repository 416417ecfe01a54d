/**
 * A second layer behind the CSRF tokens: unsafe requests (POST, PUT, PATCH,
 * DELETE) that a browser says came from another site are refused, on the
 * public site and the admin alike.
 * - `Sec-Fetch-Site` (every current browser sends it): "same-origin" and
 *   "none" (typed, bookmarked) pass; "cross-site" is refused; "same-site"
 *   (a sibling subdomain, which may be someone else's) passes only with an
 *   Origin that is the blog's own.
 * - Without it, an `Origin` header must be the blog's own origin
 *   (`BASE_URL`'s, or the request's own scheme and host).
 * - With neither (old browsers, curl, feed tools), the request goes on to
 *   the token checks.
 * Endpoints other sites must post to (XML-RPC, Webmention) opt out by
 * path (exact, or a pattern for paths that carry a token), in one list in
 * config/routes.ts. Mounted in the admin router once
 * the user is known (for the log), and in front of the public routes.
 */
import type { Request, RequestHandler } from 'express';
import type { Config } from '#config/environment.ts';
import { HttpError } from '#app/middleware/http-errors.ts';
import { securityEvent } from '#app/middleware/security-events.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function refuseCrossSiteWrites(
  config: Pick<Config, 'baseUrl'>,
  exemptPaths: readonly (string | RegExp)[] = [],
): RequestHandler {
  const blogOrigin = new URL(config.baseUrl).origin;
  const exempt = (path: string) => exemptPaths.some((p) => (typeof p === 'string' ? p === path : p.test(path)));
  return (req, _res, next) => {
    if (!unsafeMethods.has(req.method) || exempt(req.baseUrl + req.path)) return next();
    const reason = crossSiteReason(req, blogOrigin);
    if (!reason) return next();
    securityEvent(req, 'cross-site.refused', {
      reason,
      origin: req.get('origin') ?? null,
      fetchSite: req.get('sec-fetch-site') ?? null,
    });
    next(
      new HttpError(
        403,
        'This form was sent from another site, so it was not accepted. Open the page on this blog and send it from there.',
      ),
    );
  };
}

/** Why the request looks cross-site, or null if it does not. */
function crossSiteReason(req: Request, blogOrigin: string): string | null {
  const fetchSite = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const ownOrigin =
    origin !== undefined && (origin === blogOrigin || origin === `${req.protocol}://${req.get('host')}`);
  if (fetchSite === 'same-origin' || fetchSite === 'none') return null;
  if (fetchSite === 'cross-site') return 'Sec-Fetch-Site: cross-site';
  if (fetchSite === 'same-site') return ownOrigin ? null : 'Sec-Fetch-Site: same-site from another origin';
  if (fetchSite !== undefined) return `Sec-Fetch-Site: ${fetchSite.slice(0, 40)}`;
  if (origin !== undefined && !ownOrigin) return 'Origin is not this blog';
  return null;
}
