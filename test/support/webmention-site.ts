/**
 * Another website for webmention and WebSub tests: a node:http server on a
 * free loopback port whose pages are what the test says (status, headers,
 * HTML per path) and which records every request, so a test sees exactly
 * which endpoint got which POST.
 *
 *   const site = await startWebmentionSite();
 *   site.page('/post', { headers: { link: '</endpoint>; rel="webmention"' } });
 *   site.page('/endpoint', { status: 202 });
 *   site.posts('/endpoint') // [{ source, target }]
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SitePage {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The body; HTML unless headers say otherwise. */
  readonly html?: string;
}

export interface SiteRequest {
  readonly method: string;
  /** Path and query as requested. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface WebmentionSite {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly requests: readonly SiteRequest[];
  /** Serves `page` at `path` (path only; any query matches) from now on. */
  page(path: string, page: SitePage): void;
  /** Answers `status` to the next `count` requests for `path`, then the page again. */
  failNext(path: string, count: number, status?: number): void;
  /** The form fields of each POST to `path` (query ignored), oldest first. */
  posts(path: string): Record<string, string>[];
  stop(): Promise<void>;
}

export async function startWebmentionSite(): Promise<WebmentionSite> {
  const pages = new Map<string, SitePage>();
  const failures = new Map<string, { count: number; status: number }>();
  const requests: SiteRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '/';
      const path = url.split('?')[0]!;
      requests.push({
        method: request.method ?? '',
        url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const failing = failures.get(path);
      if (failing && failing.count > 0) {
        failing.count -= 1;
        response.writeHead(failing.status).end('failing on purpose');
        return;
      }
      const page = pages.get(path);
      if (!page) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
        return;
      }
      response
        .writeHead(page.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...page.headers })
        .end(page.html ?? '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    page: (path, page) => void pages.set(path, page),
    failNext: (path, count, status = 500) => void failures.set(path, { count, status }),
    posts: (path) =>
      requests
        .filter((r) => r.method === 'POST' && r.url.split('?')[0] === path)
        .map((r) => Object.fromEntries(new URLSearchParams(r.body))),
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
