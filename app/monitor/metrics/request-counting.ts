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

export function countRequests(metrics: ProcessMetrics, baseUrl: string): RequestHandler {
  const ownHost = new URL(baseUrl).hostname;
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
    const host = otherSite(referer, ownHost);
    if (host) metrics.tally.noteReferrer(host);
  }
}

function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** The host name of a Referer on another site; undefined for our own, or for anything but an http(s) URL. */
export function otherSite(referer: string, ownHost: string): string | undefined {
  if (!/^https?:\/\//i.test(referer)) return undefined;
  let host: string;
  try {
    host = new URL(referer).hostname;
  } catch {
    return undefined;
  }
  return host && host !== ownHost ? host : undefined;
}
