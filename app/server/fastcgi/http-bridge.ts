/**
 * The never-listening Node HTTP server that turns each request socket's
 * bytes into a real IncomingMessage/ServerResponse pair for the app. Using
 * Node's own parser and response writer keeps the app on public Node APIs
 * only, exactly as under a plain `http.createServer`.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { FastcgiSocket } from '#app/server/fastcgi/request-socket.ts';
import type { ResolvedOptions } from '#app/server/fastcgi/options.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createHttpBridge(handler: RequestHandler, options: ResolvedOptions): http.Server {
  const server = http.createServer({
    // Params are already bounded by maxParamsBytes; the head we build from them is never larger.
    maxHeaderSize: options.maxParamsBytes + 1024,
    // The web server already required Host where HTTP/1.1 does; CGI may omit it.
    requireHostHeader: false,
    // Timeouts belong to the FastCGI connection (requestTimeoutMs, idleTimeoutMs), not to these sockets.
    requestTimeout: 0,
    keepAliveTimeout: 0,
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.socket instanceof FastcgiSocket) req.socket.bindResponse(res);
    try {
      handler(req, res);
    } catch (error) {
      // A plain http.Server would crash the process here; a worker must not die of one bad request.
      options.log({ level: 'error', msg: 'request handler threw', error: String(error), url: req.url });
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else {
        res.destroy();
      }
    }
  });

  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    options.log({ level: 'warn', msg: `Node refused the request: ${error.message}`, code: error.code });
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\n\r\n`);
  });

  return server;
}
