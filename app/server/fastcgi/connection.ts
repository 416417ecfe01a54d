/**
 * One transport connection from the web server: reads records, routes them to
 * responders by request id, answers management records, and enforces the
 * per-connection limits. Anything malformed closes this connection only,
 * with a logged reason; nothing a client sends may throw out of here.
 */
import type net from 'node:net';
import type { Server as HttpServer } from 'node:http';
import {
  RecordParser,
  RecordType,
  Role,
  ProtocolStatus,
  FCGI_VERSION_1,
  FCGI_KEEP_CONN,
  encodeRecord,
  encodeEndRequestBody,
  decodeBeginRequestBody,
  type FcgiRecord,
  type ProtocolStatus as Status,
} from '#app/server/fastcgi/protocol.ts';
import { answerManagementRecord } from '#app/server/fastcgi/management.ts';
import { Responder, type Outcome, type ResponderHost } from '#app/server/fastcgi/responder.ts';
import type { ResolvedOptions } from '#app/server/fastcgi/options.ts';

/** What a connection needs from its server. */
export interface ConnectionOwner {
  readonly options: ResolvedOptions;
  readonly http: HttpServer;
  requestStarted(): void;
  requestEnded(outcome: Outcome): void;
  closed(connection: Connection): void;
}

/** How long a closed connection keeps reading (and dropping) so our last records are not lost to a reset. */
const LINGER_MS = 1000;
/** Rejected or aborted ids whose remaining records are still to be skipped. */
const MAX_IGNORED_IDS = 1024;

export class Connection implements ResponderHost {
  readonly options: ResolvedOptions;
  readonly http: HttpServer;
  readonly peer: { remoteAddress?: string | undefined; remotePort?: number | undefined };
  readonly #socket: net.Socket;
  readonly #owner: ConnectionOwner;
  readonly #parser = new RecordParser();
  readonly #requests = new Map<number, Responder>();
  readonly #ignored = new Set<number>();
  readonly #blocked = new Set<Responder>();
  #drainWaiters: Array<() => void> = [];
  #started = 0;
  #closeWhenIdle = false;
  #closing = false;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(socket: net.Socket, owner: ConnectionOwner) {
    this.#socket = socket;
    this.#owner = owner;
    this.options = owner.options;
    this.http = owner.http;
    this.peer = { remoteAddress: socket.remoteAddress, remotePort: socket.remotePort };
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('drain', () => this.#flushDrainWaiters());
    socket.on('end', () => this.#onEnd());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.options.log({
        level: 'info',
        msg: `FastCGI connection error: ${error.message}`,
        code: error.code,
        remoteAddress: this.peer.remoteAddress,
      });
    });
    socket.on('close', () => this.#onClose());
    this.#armIdleTimer();
  }

  get activeRequests(): number {
    return this.#requests.size;
  }

  /** Graceful drain: in-flight requests finish, then the connection closes. */
  drain(): void {
    this.#closeWhenIdle = true;
    this.closeIfIdle();
  }

  closeIfIdle(): void {
    if (this.#requests.size === 0) this.#shutdown();
  }

  // ResponderHost ------------------------------------------------------------

  send(pieces: Buffer[], done?: () => void): void {
    const socket = this.#socket;
    if (socket.destroyed || !socket.writable) return done?.();
    socket.cork();
    for (const piece of pieces) socket.write(piece);
    socket.uncork();
    if (!done) return;
    if (socket.writableNeedDrain) this.#drainWaiters.push(done);
    else done();
  }

  setInputBlocked(responder: Responder, blocked: boolean): void {
    if (blocked) this.#blocked.add(responder);
    else this.#blocked.delete(responder);
    if (this.#blocked.size > 0 && !this.#closing) this.#socket.pause();
    else this.#socket.resume();
  }

  finish(responder: Responder, appStatus: number, outcome: Outcome, inputPending: boolean): void {
    this.#endRequest(responder.id, appStatus, ProtocolStatus.RequestComplete);
    this.#requests.delete(responder.id);
    this.#blocked.delete(responder);
    if (inputPending) this.#ignore(responder.id);
    this.#owner.requestEnded(outcome);
    if (this.#requests.size > 0 || this.#closing) return;
    if (this.#closeWhenIdle) this.#shutdown();
    else this.#armIdleTimer();
  }

  close(reason: string, level: 'info' | 'warn' | 'error'): void {
    if (this.#closing) return;
    this.options.log({ level, msg: `closing FastCGI connection: ${reason}`, remoteAddress: this.peer.remoteAddress });
    this.#shutdown();
  }

  // Records ------------------------------------------------------------------

  #onData(chunk: Buffer): void {
    if (this.#closing) return;
    try {
      for (const record of this.#parser.push(chunk)) {
        if (this.#closing) return;
        this.#onRecord(record);
      }
    } catch (error) {
      this.close(`internal error: ${(error as Error).stack ?? String(error)}`, 'error');
    }
  }

  #onRecord(record: FcgiRecord): void {
    const { version, type, requestId: id, content } = record;
    if (version !== FCGI_VERSION_1)
      return this.close(`unsupported FastCGI version ${version} (bad record or garbage bytes)`, 'warn');
    if (id === 0) return this.#management(type, content);
    if (type === RecordType.BeginRequest) return this.#begin(id, content);
    if (type === RecordType.AbortRequest) return this.#abort(id);
    if (type !== RecordType.Params && type !== RecordType.Stdin) {
      return this.close(`unexpected record type ${type} for request ${id}`, 'warn');
    }
    const responder = this.#requests.get(id);
    if (responder) {
      if (type === RecordType.Params) responder.params(content);
      else responder.stdin(content);
    } else if (this.#ignored.has(id)) {
      if (type === RecordType.Stdin && content.length === 0) this.#ignored.delete(id);
    } else {
      this.close(`${type === RecordType.Params ? 'PARAMS' : 'STDIN'} for unknown request id ${id}`, 'warn');
    }
  }

  #begin(id: number, content: Buffer): void {
    let begin: { role: number; flags: number };
    try {
      begin = decodeBeginRequestBody(content);
    } catch (error) {
      return this.close((error as Error).message, 'warn');
    }
    if (this.#requests.has(id)) return this.close(`duplicate BEGIN_REQUEST for active request id ${id}`, 'warn');
    this.#ignored.delete(id);
    if ((begin.flags & FCGI_KEEP_CONN) === 0) this.#closeWhenIdle = true;
    if (begin.role !== Role.Responder) {
      this.options.log({ level: 'info', msg: `request ${id}: role ${begin.role} is not supported (responder only)` });
      return this.#reject(id, ProtocolStatus.UnknownRole);
    }
    const { maxConcurrentRequests, maxRequestsPerConnection } = this.options;
    if (this.#requests.size >= maxConcurrentRequests || this.#started >= maxRequestsPerConnection) {
      this.options.log({
        level: 'warn',
        msg: `request ${id}: overloaded (${this.#requests.size} in flight, ${this.#started} served on this connection)`,
      });
      return this.#reject(id, ProtocolStatus.Overloaded);
    }
    this.#started += 1;
    if (this.#started >= maxRequestsPerConnection) this.#closeWhenIdle = true;
    clearTimeout(this.#idleTimer);
    this.#requests.set(id, new Responder(id, this));
    this.#owner.requestStarted();
  }

  #abort(id: number): void {
    const responder = this.#requests.get(id);
    // An abort may cross our END_REQUEST on the wire: nothing left to do then.
    if (responder) responder.abort();
  }

  #reject(id: number, status: Status): void {
    this.#endRequest(id, 0, status);
    this.#ignore(id);
    if (this.#requests.size === 0 && this.#closeWhenIdle) this.#shutdown();
  }

  #management(type: number, content: Buffer): void {
    try {
      this.send([answerManagementRecord(type, content, this.options)]);
    } catch (error) {
      this.close(`malformed management record: ${(error as Error).message}`, 'warn');
    }
  }

  #endRequest(id: number, appStatus: number, status: Status): void {
    this.send([encodeRecord(RecordType.EndRequest, id, encodeEndRequestBody(appStatus, status))]);
  }

  #ignore(id: number): void {
    this.#ignored.add(id);
    if (this.#ignored.size > MAX_IGNORED_IDS)
      this.close('too many rejected or aborted request ids with records still pending', 'warn');
  }

  // Lifecycle ----------------------------------------------------------------

  #armIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    const ms = this.options.idleTimeoutMs;
    this.#idleTimer = setTimeout(() => this.close(`idle for ${ms} ms`, 'info'), ms);
  }

  /**
   * Stop processing and end our side once our records are written; keep
   * reading (and dropping) briefly so a reset does not eat those records.
   */
  #shutdown(): void {
    if (this.#closing) return;
    this.#closing = true;
    clearTimeout(this.#idleTimer);
    this.#dropRequests();
    const socket = this.#socket;
    socket.resume();
    socket.end();
    // A web server that stops reading must not keep us forever.
    socket.setTimeout(this.options.idleTimeoutMs, () => socket.destroy());
    socket.once('finish', () => setTimeout(() => socket.destroy(), LINGER_MS).unref());
  }

  #onEnd(): void {
    // Like Node's HTTP server without half-open: the peer hanging up aborts what is in flight.
    if (this.#requests.size > 0)
      this.close(`web server closed the connection with ${this.#requests.size} request(s) in flight`, 'info');
    else this.#shutdown();
  }

  #onClose(): void {
    this.#closing = true;
    clearTimeout(this.#idleTimer);
    this.#dropRequests();
    this.#flushDrainWaiters();
    this.#owner.closed(this);
  }

  /** The app sees 'aborted'/'close' for each request still in flight. */
  #dropRequests(): void {
    const responders = [...this.#requests.values()];
    this.#requests.clear();
    this.#blocked.clear();
    for (const responder of responders) {
      responder.destroy();
      this.#owner.requestEnded('aborted');
    }
  }

  #flushDrainWaiters(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const done of waiters) done();
  }
}
