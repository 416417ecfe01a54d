/**
 * Builds the Express app once. It never knows how it is served: direct
 * HTTP, a FastCGI worker, or supertest. The middleware order is this list.
 */
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import path from 'node:path';
import type { Config } from '#config/environment.ts';
import type { Logger } from 'pino';
import { loadThemes } from '#app/themes/registry.ts';
import { createRenderer } from '#app/themes/render.ts';
import { requestLog } from '#app/middleware/request-log.ts';
import { requestLimits } from '#app/middleware/request-limits.ts';
import { refuseInvalidAddress, refuseInvalidBody } from '#app/middleware/input-validity.ts';
import { refuseCrossSiteWrites } from '#app/middleware/cross-site.ts';
import { unknownRoute, renderError } from '#app/middleware/errors.ts';
import {
  publicRoutes,
  monitoringRoutes,
  openWebRoutes,
  openWebPaths,
  crossSiteWriteExemptions,
} from '#config/routes.ts';
import { adminRoutes } from '#config/admin-routes.ts';
import type { AppContext } from '#app/context.ts';
import { systemClock, type Clock } from '#app/clock.ts';
import { openPageCache } from '#app/page-cache/index.ts';
import { headersSetBy } from '#app/page-cache/static-headers.ts';
import { appRoot } from '#app/root.ts';
import { byTransport, proxyTrust, strictTransportSecurity } from '#app/middleware/tls.ts';
import { replicaReads } from '#app/middleware/replica-reads.ts';
import { queryStringRedirects, redirectInsteadOfNotFound } from '#app/middleware/redirects.ts';
import { keepServedMap } from '#app/models/redirect/served-map.ts';
import { processMetrics } from '#app/monitor/metrics/registry.ts';
import { countRequests } from '#app/monitor/metrics/request-counting.ts';
import { labelRoutes, markStatic, unmarkStatic } from '#app/monitor/metrics/route-label.ts';
import { timedRenderer } from '#app/monitor/metrics/timed-renderer.ts';

const publicDir = path.join(appRoot, 'public');

/**
 * Every response's security headers; cached pages served without the app carry the same (see app/page-cache).
 * Two directives only make sense over TLS: upgrade-insecure-requests would send a plain-HTTP site's
 * own styles, scripts and forms to an https:// that does not exist, and HSTS is ignored over HTTP.
 */
export function securityHeaderOptions(tls: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'https:'],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'frame-ancestors': ["'self'"],
        'upgrade-insecure-requests': tls ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // Not helmet's no-referrer: with it a browser sends `Origin: null` on the
    // blog's own form posts, and where it sends no Sec-Fetch-Site (plain HTTP
    // on a host name) the cross-site check could not tell them from a forgery.
    // same-origin still gives other sites nothing.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: tls ? strictTransportSecurity : false,
  };
}

/** `clock` is the system's, except in tests that set the time (see app/clock.ts). */
export function createApplication(config: Config, logger: Logger, clock: Clock = systemClock): Express {
  const themes = loadThemes();
  // FOLIO_METRICS=off leaves out every part of the counting (the bench measures its cost so).
  const metrics = config.monitoring.metrics ? processMetrics() : undefined;
  const renderer = createRenderer(themes, { cache: config.env !== 'development' });
  const context: AppContext = {
    config,
    themes,
    renderer: metrics ? timedRenderer(renderer, metrics) : renderer,
    logger,
    clock,
    metrics,
  };
  const labelled = (router: Router, prefix: string) => (metrics ? labelRoutes(router, prefix) : router);
  const app = express();
  app.locals.folio = context;
  app.set('trust proxy', proxyTrust(config.trustedProxies));
  app.set('x-powered-by', false);
  app.set('query parser', 'simple');
  // One spelling per address: /Admin is not /admin (whose session cookie is scoped to the exact case).
  app.set('case sensitive routing', true);

  if (metrics) app.use(countRequests(metrics, config.baseUrl));
  app.use(requestLog(logger));
  const securityHeaders = { plain: helmet(securityHeaderOptions(false)), tls: helmet(securityHeaderOptions(true)) };
  app.use(byTransport(securityHeaders.plain, securityHeaders.tls));
  app.use(requestLimits);
  app.use(refuseInvalidAddress);
  app.use(publicFiles(publicDir, metrics !== undefined));
  if (metrics) app.use(onlyFor(new Set(['/metrics']), labelled(monitoringRoutes(config), '')));
  app.use(replicaReads(config));
  if (config.pageCache) {
    const pageCache = openPageCache(config, logger, {
      headers: { plain: headersSetBy(securityHeaders.plain), tls: headersSetBy(securityHeaders.tls) },
      clock,
      onMiss: metrics?.noteCacheMiss,
    });
    app.locals.pageCache = pageCache;
    app.use(pageCache.writer);
  }
  app.use('/admin', labelled(adminRoutes(config), '/admin'));
  app.use(refuseCrossSiteWrites(config, crossSiteWriteExemptions));
  // Before the blog's small form parser: each API parses its own body, by its own limits.
  app.use(onlyFor(openWebPaths, labelled(openWebRoutes(config), '')));
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }));
  app.use(refuseInvalidBody);
  // The redirects Apache answers from a map the workers keep (once config:apache created it).
  const servedMap = config.pageCache ? keepServedMap(config, logger, clock) : null;
  app.locals.servedMap = servedMap;
  const answered = servedMap ? (redirect: { fromPath: string }) => servedMap.answered(redirect.fromPath) : undefined;
  app.use(queryStringRedirects(answered));
  app.use(labelled(publicRoutes(), ''));
  app.use(unknownRoute);
  app.use(redirectInsteadOfNotFound(answered));
  app.use(renderError);
  return app;
}

/**
 * public/ served by Express when no web server is in front. Every file there
 * has an extension, so other paths skip the disk lookup, which cost a stat
 * and an error object on every page (~5 % of a page in the profile).
 */
function publicFiles(dir: string, counted: boolean): RequestHandler {
  const files = express.static(dir, { index: false, redirect: false, dotfiles: 'ignore', maxAge: '1h' });
  return (req, res, next) => {
    if (!/\.[^/]+$/.test(req.path)) return void next();
    if (!counted) return void files(req, res, next);
    // Counted as "static" unless no such file, and the request goes on to the routes.
    markStatic(res);
    files(req, res, (error?: unknown) => {
      unmarkStatic(res);
      next(error);
    });
  };
}

/**
 * `router` for the paths it routes, and a set lookup for every other
 * request: entering a router costs each request a few microseconds, which
 * these few endpoints would add to every page (see the bench's metrics cost).
 */
function onlyFor(pathnames: ReadonlySet<string>, router: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (pathnames.has(req.path)) router(req, res, next);
    else next();
  };
}
