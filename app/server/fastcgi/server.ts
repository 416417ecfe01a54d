/**
 * The FastCGI listener: an http.Server-like object (it is a net.Server) whose
 * connections speak FastCGI and whose requests reach the handler as genuine
 * Node IncomingMessage/ServerResponse pairs.
 */
import net from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventEmitter } from 'node:events';
import { Connection } from '#app/server/fastcgi/connection.ts';
import { createHttpBridge } from '#app/server/fastcgi/http-bridge.ts';
import { resolveOptions, type FastcgiOptions, type ResolvedOptions } from '#app/server/fastcgi/options.ts';
import type { Outcome } from '#app/server/fastcgi/responder.ts';

/** Same `listen(...)`, `close(cb)`, `address()` and 'listening'/'close'/'error' events as an http.Server. */
export interface FastcgiServer extends EventEmitter {
  listen(port: number, host?: string, cb?: () => void): this;
  listen(path: string, cb?: () => void): this;
  listen(options: net.ListenOptions, cb?: () => void): this;
  address(): ReturnType<net.Server['address']>;
  readonly listening: boolean;
  /** Stop accepting; connections finish their in-flight requests, then close; `cb` runs when all are closed. */
  close(cb?: (err?: Error) => void): this;
  /** Close every connection that has no request in flight (for a web server's pooled, idle connections). */
  closeIdleConnections(): void;
  /** Requests begun and not yet ended, across all connections. */
  readonly activeRequests: number;
  /** Requests answered (END_REQUEST after a response), aborted ones excluded. */
  readonly requestsServed: number;
}

/**
 * Serve `handler` (an Express app, for one) over FastCGI (Responder role).
 * See the module's index.ts for what is taken from the CGI params.
 */
export function createFastcgiServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options?: FastcgiOptions,
): FastcgiServer {
  return new FastcgiListener(handler, resolveOptions(options));
}

class FastcgiListener extends net.Server implements FastcgiServer {
  readonly #options: ResolvedOptions;
  readonly #http;
  readonly #connections = new Set<Connection>();
  #active = 0;
  #served = 0;
  #draining = false;

  constructor(handler: (req: IncomingMessage, res: ServerResponse) => void, options: ResolvedOptions) {
    super();
    this.#options = options;
    this.#http = createHttpBridge(handler, options);
    this.maxConnections = options.maxConnections;
    this.on('connection', (socket: net.Socket) => this.#accept(socket));
    this.on('drop', (data?: { remoteAddress?: string }) => {
      options.log({
        level: 'warn',
        msg: `refused a FastCGI connection: maxConnections (${options.maxConnections}) reached`,
        remoteAddress: data?.remoteAddress,
      });
    });
  }

  get activeRequests(): number {
    return this.#active;
  }

  get requestsServed(): number {
    return this.#served;
  }

  override close(cb?: (err?: Error) => void): this {
    this.#draining = true;
    super.close(cb);
    for (const connection of this.#connections) connection.drain();
    return this;
  }

  closeIdleConnections(): void {
    for (const connection of this.#connections) connection.closeIfIdle();
  }

  #accept(socket: net.Socket): void {
    const owner = {
      options: this.#options,
      http: this.#http,
      requestStarted: () => {
        this.#active += 1;
      },
      requestEnded: (outcome: Outcome) => {
        this.#active -= 1;
        if (outcome === 'served') this.#served += 1;
      },
      closed: (connection: Connection) => {
        this.#connections.delete(connection);
      },
    };
    const connection = new Connection(socket, owner);
    this.#connections.add(connection);
    if (this.#draining) connection.drain();
  }
}
