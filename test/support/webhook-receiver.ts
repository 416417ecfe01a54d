/**
 * A webhook endpoint for tests: a node:http server on a free loopback port
 * that records every request (method, path, headers, raw body) and answers
 * 204, or a failure status for the next N requests when told to.
 *
 *   const hook = await startWebhookReceiver();
 *   // FOLIO_ALERT_WEBHOOK_URL = hook.url
 *   hook.failNext(2);                      // two 500s, then 204 again
 *   const [request] = await hook.waitFor(1);
 *   JSON.parse(request.body);
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookRequest {
  readonly method: string;
  /** Path and query as requested. */
  readonly path: string;
  /** Lower-cased names, as node gives them. */
  readonly headers: http.IncomingHttpHeaders;
  /** The body as sent (what a signature covers). */
  readonly rawBody: Buffer;
  /** The body as UTF-8 text. */
  readonly body: string;
  /** The status this receiver answered. */
  readonly status: number;
}

export interface WebhookReceiver {
  readonly port: number;
  /** `http://127.0.0.1:PORT/hook`. */
  readonly url: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly WebhookRequest[];
  /** Answers `status` (default 500) to the next `count` requests, then 204 again. */
  failNext(count: number, status?: number): void;
  /** Resolves with the requests once at least `count` arrived (an event, not a poll). */
  waitFor(count: number): Promise<WebhookRequest[]>;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: WebhookRequest[] = [];
  const waiters: { count: number; resolve: (all: WebhookRequest[]) => void }[] = [];
  let failures = { count: 0, status: 500 };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const failing = failures.count > 0;
      if (failing) failures = { ...failures, count: failures.count - 1 };
      const status = failing ? failures.status : 204;
      const rawBody = Buffer.concat(chunks);
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        rawBody,
        body: rawBody.toString('utf8'),
        status,
      });
      response.writeHead(status).end(failing ? 'failing on purpose' : undefined);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve([...requests]);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    failNext(count, status = 500) {
      failures = { count, status };
    },
    waitFor(count) {
      if (requests.length >= count) return Promise.resolve([...requests]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
