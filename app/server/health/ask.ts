/**
 * How the check asks a target for a page: plain HTTP (the in-process
 * release, or an HTTP worker on its TCP port or unix socket) or FastCGI (a
 * worker as the web server would ask it). One fresh connection per request,
 * bounded only by the check's signal.
 */
import http from 'node:http';
import { fastcgiRequest, requestParams, type FastcgiTarget } from '#app/server/fastcgi/client.ts';
import type { Answer, Ask } from '#app/server/health/probe.ts';

/**
 * Appended to every path asked of a worker: nothing with a query string is
 * served from the page cache or written to it (app/page-cache/fast-path.ts
 * and writer.ts; the generated Apache and lighttpd rules alike), so the
 * worker's own code renders the answer even when a cached copy is on disk.
 */
export const uncachedQuery = '?release-check';

export type HttpTarget = { readonly host: string; readonly port: number } | { readonly socketPath: string };

/** GETs over HTTP with `Host: hostHeader` (the blog's own name, from BASE_URL). */
export function httpAsk(target: HttpTarget, hostHeader: string, query = ''): Ask {
  return (path, signal) =>
    new Promise<Answer>((resolve, reject) => {
      const request = http.get(
        {
          ...target,
          path: path + query,
          agent: false,
          signal,
          headers: { host: hostHeader, accept: 'text/html, application/atom+xml;q=0.9, */*;q=0.1' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks),
              requestId: single(res.headers['x-request-id']),
              location: single(res.headers.location),
            }),
          );
        },
      );
      request.on('error', reject);
    });
}

/** GETs over FastCGI with the params a web server in front of `baseUrl` would send. */
export function fastcgiAsk(target: FastcgiTarget, baseUrl: URL, query = ''): Ask {
  return async (path, signal) => {
    const params = requestParams({
      uri: path + query,
      host: baseUrl.host,
      https: baseUrl.protocol === 'https:',
      headers: { accept: 'text/html, application/atom+xml;q=0.9, */*;q=0.1' },
    });
    const res = await fastcgiRequest(target, params, { signal });
    return {
      status: res.status,
      contentType: single(res.headers['content-type']) ?? '',
      body: res.body,
      requestId: single(res.headers['x-request-id']),
      location: single(res.headers.location),
    };
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
