/**
 * The socket-like Duplex one FastCGI request is handed to Node's HTTP server
 * through the documented `server.emit('connection', duplex)`. Its readable
 * side carries the request as HTTP/1.x bytes; its writable side receives the
 * real ServerResponse's bytes. It reports the client's connection as the web
 * server saw it: `remoteAddress` is REMOTE_ADDR and `encrypted` is true when
 * HTTPS=on, so Express's req.ip, req.secure and req.protocol need no
 * `trust proxy` setting.
 */
import { Duplex } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { SocketFacts } from '#app/server/fastcgi/cgi-request.ts';

/** Where the socket's events go: the responder that owns the request. */
export interface SocketSink {
  /** Node wants more request bytes (after `feed` returned false). */
  demand(): void;
  write(chunk: Buffer, done: (error?: Error | null) => void): void;
  /** Node has ended the response side (it does after `Connection: close` or a 400 for a bad request). */
  ended(): void;
  /** Node's ServerResponse for this request exists; its 'finish' means the response is complete. */
  response(res: ServerResponse): void;
  /** The socket is gone: destroyed by the app (res.destroy()) or by the responder. */
  destroyed(): void;
}

export class FastcgiSocket extends Duplex {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: string | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  /** Like a TLSSocket's: true when the web server says the client used HTTPS. */
  readonly encrypted: boolean;
  /** The CGI params of the request, for diagnostics. */
  readonly params: ReadonlyMap<string, string>;
  readonly #sink: SocketSink;
  #timeoutMs = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(facts: SocketFacts, params: ReadonlyMap<string, string>, sink: SocketSink) {
    super({ allowHalfOpen: true });
    this.remoteAddress = facts.remoteAddress;
    this.remotePort = facts.remotePort;
    this.remoteFamily =
      facts.remoteAddress === undefined ? undefined : facts.remoteAddress.includes(':') ? 'IPv6' : 'IPv4';
    this.localAddress = facts.localAddress;
    this.localPort = facts.localPort;
    this.encrypted = facts.encrypted;
    this.params = params;
    this.#sink = sink;
  }

  /** Request bytes for Node's parser; false means "stop until demand()". */
  feed(bytes: Buffer): boolean {
    if (this.destroyed) return true;
    this.#touch();
    return this.push(bytes);
  }

  /** Called by the HTTP bridge when Node creates the ServerResponse. */
  bindResponse(res: ServerResponse): void {
    this.#sink.response(res);
  }

  /** Like net.Socket#setTimeout: 'timeout' after ms without traffic (Node's server then times out the request). */
  setTimeout(ms: number, callback?: () => void): this {
    this.#timeoutMs = ms;
    if (callback) {
      if (ms === 0) this.off('timeout', callback);
      else this.once('timeout', callback);
    }
    this.#touch();
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  address(): { address: string; family: string; port: number } | Record<string, never> {
    if (this.localAddress === undefined || this.localPort === undefined) return {};
    return {
      address: this.localAddress,
      family: this.localAddress.includes(':') ? 'IPv6' : 'IPv4',
      port: this.localPort,
    };
  }

  override _read(): void {
    this.#sink.demand();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.#touch();
    this.#sink.write(chunk, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#sink.ended();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    this.#sink.destroyed();
    done(error);
  }

  #touch(): void {
    clearTimeout(this.#timer);
    if (this.#timeoutMs > 0 && !this.destroyed) {
      this.#timer = setTimeout(() => this.emit('timeout'), this.#timeoutMs);
      this.#timer.unref();
    }
  }
}
