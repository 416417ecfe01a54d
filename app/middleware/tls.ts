/**
 * Whether a request was served over TLS, and what follows from it. This is
 * the one rule the CSP's upgrade-insecure-requests, Strict-Transport-Security
 * and the session cookie's name and Secure flag all read:
 *
 *  - over FastCGI, the front end says so (HTTPS=on): the worker's socket
 *    reports it as `encrypted`, and the FastCGI server drops client-sent
 *    X-Forwarded-* headers (app/server/fastcgi/cgi-request.ts);
 *  - over direct HTTP, the socket is TLS, or the directly connected peer is a
 *    configured proxy (FOLIO_TRUSTED_PROXY) and its X-Forwarded-Proto says https.
 *
 * A client's own X-Forwarded-* headers are never believed. Express's
 * req.ip/req.secure follow the same rule because `trust proxy` is set to
 * `proxyTrust` below (exactly one hop, from a configured address only).
 * For generated web-server configs, where there is no request, BASE_URL's
 * https: is the operator's declaration (`declaresTls`).
 */
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Config } from '#config/environment.ts';

/** Express's `trust proxy` function: (address, hop) → believe the forwarding headers this address added. */
export type ProxyTrust = (address: string | undefined, hop: number) => boolean;

/** Trusts only the directly connected peer (hop 0), and only if it is one of the configured proxies. */
export function proxyTrust(trusted: readonly string[]): ProxyTrust {
  if (trusted.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of trusted) {
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address, hop) => {
    if (hop !== 0 || !address) return false;
    const plain = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The rule, for any Node request (the page cache's fast path has no Express request). */
export function servedOverTls(req: IncomingMessage, trust: ProxyTrust): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  if (!trust(req.socket.remoteAddress, 0)) return false;
  // Express's req.protocol reads the first value too, so req.secure always agrees.
  const forwarded = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0];
  return first?.trim().toLowerCase() === 'https';
}

/** The rule, for a request inside the app (its `trust proxy` function is the configured one). */
export function overTls(req: Request): boolean {
  return servedOverTls(req, req.app.get('trust proxy fn') as ProxyTrust);
}

/** The operator's word for configs written ahead of any request: the site's URL is https. */
export function declaresTls(config: Pick<Config, 'baseUrl'>): boolean {
  return config.baseUrl.startsWith('https:');
}

/** One of two middlewares (or anything else), chosen per request by the rule. */
export function byTransport<T extends RequestHandler>(plain: T, tls: T): RequestHandler {
  return (req, res, next) => (overTls(req) ? tls : plain)(req, res, next);
}

/**
 * The strongest cookie form the path allows under TLS: `__Host-` needs Path=/
 * (and Secure, no Domain); any other path can still have `__Secure-`. Over
 * plain HTTP a prefixed cookie would be refused by the browser.
 */
export function sessionCookieName(base: string, path: string, tls: boolean): string {
  if (!tls) return base;
  return `${path === '/' ? '__Host-' : '__Secure-'}${base}`;
}

/** What Strict-Transport-Security says under TLS: a year, this host only (a blog does not own its sibling subdomains). */
export const strictTransportSecurity = { maxAge: 365 * 24 * 3600, includeSubDomains: false, preload: false } as const;
