/** Serves the app over plain HTTP, and stops gracefully on SIGTERM/SIGINT. */
import http, { type RequestListener } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { pageCacheOf } from '#app/page-cache/index.ts';
import { pageCacheFirst } from '#app/page-cache/fast-path.ts';
import { staticHeadersFor } from '#app/page-cache/static-headers.ts';
import { webmentionLinkHeader } from '#app/presenters/discovery-links.ts';
import type { ProxyTrust } from '#app/middleware/tls.ts';
import type { AppContext } from '#app/context.ts';
import { countCacheHits } from '#app/monitor/metrics/request-counting.ts';

export function serveHttp(app: Express, host: string, port: number, logger: Logger): Promise<http.Server> {
  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, cacheFirst(app));
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      logger.info(
        { address },
        `Folio is serving on http://${host}:${typeof address === 'object' && address ? address.port : port}`,
      );
      resolve(server);
    });
  });
}

/** The listener for plain HTTP: page-cached files first, as Apache serves them, then the app. */
export function cacheFirst(app: Express): RequestListener {
  const cache = pageCacheOf(app);
  if (!cache) return app;
  const { metrics, config } = (app.locals as { folio: AppContext }).folio;
  const headers = staticHeadersFor(cache.headers, app.get('trust proxy fn') as ProxyTrust);
  return pageCacheFirst(cache.root, headers, app, {
    onHit: metrics && countCacheHits(metrics, config.baseUrl),
    webmentionLink: webmentionLinkHeader(config.baseUrl),
  });
}

/** Stops accepting, lets in-flight requests finish (bounded), then exits. */
export function stopOnSignals(
  server: http.Server,
  logger: Logger,
  onStopped: () => Promise<void>,
  drainMs = 10_000,
): void {
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => server.closeAllConnections(), drainMs);
    force.unref();
    server.close(() => void onStopped().finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
