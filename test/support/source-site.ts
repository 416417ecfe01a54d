/**
 * Another site on the web, for webmention tests: a node:http server on a
 * free loopback port that serves whatever the test last put at a path (an
 * HTML page, plain text, a 410), and counts what it was asked.
 *
 *   const site = await startSourceSite();
 *   site.serve('/reply', { body: '<div class="h-entry">…</div>' });
 *   site.url('/reply');                     // http://127.0.0.1:PORT/reply
 *   site.serve('/reply', { status: 410 });
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SourcePage {
  status?: number;
  /** Content-Type; text/html; charset=utf-8 by default. */
  type?: string;
  body?: string;
  /** Extra response headers (Location for a redirect). */
  headers?: Record<string, string>;
}

export interface SourceSite {
  url(path: string): string;
  serve(path: string, page: SourcePage): void;
  /** How many GETs each path has had. */
  readonly hits: Map<string, number>;
  /** The request headers of the last GET of each path. */
  readonly lastHeaders: Map<string, http.IncomingHttpHeaders>;
  stop(): Promise<void>;
}

export async function startSourceSite(): Promise<SourceSite> {
  const pages = new Map<string, SourcePage>();
  const hits = new Map<string, number>();
  const lastHeaders = new Map<string, http.IncomingHttpHeaders>();
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    lastHeaders.set(path, request.headers);
    const page = pages.get(path) ?? { status: 404, type: 'text/plain', body: 'Not found' };
    response.writeHead(page.status ?? 200, {
      'content-type': page.type ?? 'text/html; charset=utf-8',
      ...page.headers,
    });
    response.end(page.body ?? '');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, page) => void pages.set(path, page),
    hits,
    lastHeaders,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
