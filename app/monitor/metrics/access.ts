/**
 * Who may read GET /metrics: a peer whose address is in
 * config.monitoring.metricsAllow (loopback by default; the same matcher as
 * FOLIO_TRUSTED_PROXY), or anyone with `Authorization: Bearer <FOLIO_METRICS_TOKEN>`.
 * Anyone else gets the blog's ordinary 404, as for any unknown address.
 *
 * The peer is the reader, not the web server in front:
 *  - over FastCGI it is the request's REMOTE_ADDR as the web server passed it;
 *    without one there is no address (Apache connecting from 127.0.0.1 is not
 *    a loopback reader), so only the token opens;
 *  - over HTTP it is req.ip, which follows a configured proxy's
 *    X-Forwarded-For (app/middleware/tls.ts); a request that came through a
 *    proxy that is not configured (it carries forwarding headers Express did
 *    not believe) has no address either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { MonitoringConfig } from '#config/monitoring.ts';
import { proxyTrust, type ProxyTrust } from '#app/middleware/tls.ts';

export function metricsAccess(monitoring: Pick<MonitoringConfig, 'metricsAllow' | 'metricsToken'>): RequestHandler {
  const allowed = proxyTrust(monitoring.metricsAllow);
  const token = monitoring.metricsToken === undefined ? undefined : digest(monitoring.metricsToken);
  return (req, _res, next) => {
    if (mayRead(req, allowed, token)) next();
    else next('router');
  };
}

export function mayRead(req: Request, allowed: ProxyTrust, token: Buffer | undefined): boolean {
  if (token && bearer(req) !== undefined && timingSafeEqual(digest(bearer(req)!), token)) return true;
  return allowed(readerAddress(req), 0);
}

/** The reader's address, or undefined when it cannot be told from the web server's (see above). */
export function readerAddress(req: Request): string | undefined {
  const params = (req.socket as { params?: ReadonlyMap<string, string> }).params;
  if (params) return params.get('REMOTE_ADDR') || undefined;
  const trust = req.app.get('trust proxy fn') as ProxyTrust;
  const forwarded = req.headers['x-forwarded-for'] ?? req.headers.forwarded ?? req.headers['x-real-ip'];
  if (forwarded !== undefined && !trust(req.socket.remoteAddress, 0)) return undefined;
  return req.ip;
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** Equal-length digests, so the comparison takes the same time whatever was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
