/**
 * The middleware that counts every request the app answers, first in the
 * app so it sees all of them: one clock reading as the request comes in, one
 * 'finish' listener, and the counting there, after the response is sent.
 * Nothing about the reader is kept: an article read is its path, a referral
 * is the other site's host name (from Referer, only when it is another site).
 */
import type { Request, RequestHandler, Response } from 'express';
import type { ProcessMetrics } from '#app/monitor/metrics/registry.ts';
import { articlePermalink, routeLabel } from '#app/monitor/metrics/route-label.ts';
import { isArticlePath, referringSite } from '#app/monitor/reading.ts';

export function countRequests(metrics: ProcessMetrics, baseUrl: string): RequestHandler {
  const ownHost = new URL(baseUrl).hostname.toLowerCase();
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => count(metrics, ownHost, req, res, performance.now() - started));
    next();
  };
}

function count(metrics: ProcessMetrics, ownHost: string, req: Request, res: Response, ms: number): void {
  const route = routeLabel(req, res);
  const method = req.method;
  const status = res.statusCode;
  metrics.requests.inc({ route, method, status_class: statusClass(status) });
  metrics.requestSeconds.observe({ route, method }, ms / 1000);
  metrics.tally.note(status, ms);
  if (method !== 'GET' || status !== 200 || route === 'static' || route === 'unmatched') return;
  if (route === articlePermalink) metrics.tally.noteRead(req.originalUrl.split('?', 1)[0] ?? req.path);
  const referer = req.headers.referer;
  if (referer) {
    const host = referringSite(referer, ownHost);
    if (host) metrics.tally.noteReferrer(host);
  }
}

function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** What a page answered from the page cache by the process's own HTTP server (app/page-cache/fast-path.ts) says. */
export interface CacheHit {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly referer: string | undefined;
}

/**
 * Counts the pages the process's own HTTP server answers from the page
 * cache, without the app (no web server in front): hits, and reads and
 * referrals as countRequests counts them.
 */
export function countCacheHits(metrics: ProcessMetrics, baseUrl: string): (hit: CacheHit) => void {
  const ownHost = new URL(baseUrl).hostname.toLowerCase();
  return (hit) => {
    metrics.noteCacheHit();
    if (hit.method !== 'GET' || hit.status !== 200) return;
    if (isArticlePath(hit.path)) metrics.tally.noteRead(hit.path);
    const site = hit.referer ? referringSite(hit.referer, ownHost) : null;
    if (site) metrics.tally.noteReferrer(site);
  };
}
