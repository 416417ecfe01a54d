/**
 * A small site on a loopback port for fetchOutbound's tests: a real
 * node:http server answering with the handler given, recording what it was
 * asked (method, path, headers, body), and closing every connection on stop
 * (including ones a test left hanging on purpose).
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { OutboundConfig } from '#config/open-web.ts';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface Site {
  readonly port: number;
  /** `http://127.0.0.1:PORT` + path. */
  url(path?: string): string;
  readonly requests: SeenRequest[];
  /** Connections open to this site now. */
  openConnections(): number;
  stop(): Promise<void>;
}

export type Handler = (request: SeenRequest, response: http.ServerResponse) => void;

export async function startSite(handler: Handler): Promise<Site> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const seen = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      handler(seen, response);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    requests,
    openConnections: () => sockets.size,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The outbound settings tests use: loopback allowed unless said otherwise, short limits. */
export function testConfig(overrides: Partial<OutboundConfig> = {}): OutboundConfig {
  return {
    allowPrivate: true,
    timeoutMs: 10_000,
    maxBytes: 64 * 1024,
    maxRedirects: 3,
    userAgent: 'Folio/test (+http://blog.test)',
    ...overrides,
  };
}
