/**
 * One FastCGI request in the Responder role, from BEGIN_REQUEST to
 * END_REQUEST: collect PARAMS, hand the request to Node's HTTP server when
 * STDIN starts, stream STDIN into it and the response out as STDOUT.
 *
 * END_REQUEST goes out only when both the response is complete and STDIN has
 * ended, so a web server that reuses the connection never sees records of a
 * finished request id.
 *
 * A request never ends without a response head: mod_proxy_fcgi answers a
 * request whose END_REQUEST came before any head with an empty 200, which a
 * reader takes for success. Whatever stops the app's response before its
 * head (STDIN short of CONTENT_LENGTH, the app destroying its socket, a
 * response timeout) is answered with our own 502 instead. The case that
 * matters: when a worker dies mid-request, Apache's balancer sends the request
 * again to another worker without the body the dead one had read; that one
 * must say the request failed, not that it succeeded.
 */
import type { Server as HttpServer, ServerResponse } from 'node:http';
import { decodeNameValuePairs, encodeRecord, encodeStreamRecords, RecordType } from '#app/server/fastcgi/protocol.ts';
import { planHttpRequest, socketFacts, type HttpRequestPlan } from '#app/server/fastcgi/cgi-request.ts';
import { CgiResponseTranslator, plainCgiResponse, type OwnStatus } from '#app/server/fastcgi/cgi-response.ts';
import { FastcgiSocket } from '#app/server/fastcgi/request-socket.ts';
import type { ResolvedOptions } from '#app/server/fastcgi/options.ts';

/** How a request ended, for the connection's bookkeeping. */
export type Outcome = 'served' | 'aborted';

/** What a responder needs from its connection. */
export interface ResponderHost {
  readonly options: ResolvedOptions;
  readonly http: HttpServer;
  readonly peer: { remoteAddress?: string | undefined; remotePort?: number | undefined };
  send(pieces: Buffer[], done?: () => void): void;
  setInputBlocked(responder: Responder, blocked: boolean): void;
  /** Sends END_REQUEST; `inputPending` means STDIN records may still arrive and must be ignored. */
  finish(responder: Responder, appStatus: number, outcome: Outcome, inputPending: boolean): void;
  /** Closes the whole connection, logging why. */
  close(reason: string, level: 'info' | 'warn' | 'error'): void;
}

type Phase = 'params' | 'awaiting-stdin' | 'stdin' | 'input-done';
const CRLF = Buffer.from('\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

export class Responder {
  readonly id: number;
  readonly #host: ResponderHost;
  #phase: Phase = 'params';
  #paramChunks: Buffer[] = [];
  #paramBytes = 0;
  #params = new Map<string, string>();
  #plan: HttpRequestPlan | undefined;
  #socket: FastcgiSocket | undefined;
  #translator = new CgiResponseTranslator();
  #bodyBytes = 0;
  #fedBytes = 0;
  #responseDone = false;
  #appStatus = 0;
  #ended = false;
  #timer: NodeJS.Timeout;

  constructor(id: number, host: ResponderHost) {
    this.id = id;
    this.#host = host;
    const ms = host.options.requestTimeoutMs;
    this.#timer = setTimeout(
      () => host.close(`request ${id} timed out: PARAMS and STDIN not complete within ${ms} ms`, 'warn'),
      ms,
    );
  }

  params(content: Buffer): void {
    if (this.#phase !== 'params')
      return this.#host.close(`PARAMS after the end of the params stream of request ${this.id}`, 'warn');
    if (content.length > 0) {
      this.#paramBytes += content.length;
      const max = this.#host.options.maxParamsBytes;
      if (this.#paramBytes > max)
        return this.#host.close(`params of request ${this.id} exceed maxParamsBytes (${max})`, 'warn');
      this.#paramChunks.push(Buffer.from(content));
      return;
    }
    try {
      this.#params = new Map(decodeNameValuePairs(Buffer.concat(this.#paramChunks)));
    } catch (error) {
      return this.#host.close(`malformed params of request ${this.id}: ${(error as Error).message}`, 'warn');
    }
    this.#paramChunks = [];
    this.#phase = 'awaiting-stdin';
  }

  stdin(content: Buffer): void {
    if (this.#phase === 'params')
      return this.#host.close(`STDIN before the end of the params stream of request ${this.id}`, 'warn');
    if (this.#phase === 'input-done')
      return this.#host.close(`STDIN after the end of the stdin stream of request ${this.id}`, 'warn');
    this.#bodyBytes += content.length;
    if (this.#bodyBytes > this.#host.options.maxBodyBytes) return this.#tooLarge();
    if (this.#phase === 'awaiting-stdin') {
      this.#phase = 'stdin';
      this.#dispatch(content.length === 0);
    }
    if (content.length > 0) this.#feedBody(content);
    else this.#inputDone();
  }

  /** FCGI_ABORT_REQUEST: the client went away. The app sees 'aborted'/'close'. */
  abort(): void {
    if (this.#ended) return;
    this.#responseDone = true;
    this.#dropSocket();
    this.#end(0, 'aborted');
  }

  /** The connection is gone: free everything, send nothing. */
  destroy(): void {
    this.#ended = true;
    this.#responseDone = true;
    clearTimeout(this.#timer);
    this.#dropSocket();
  }

  #dispatch(stdinStartsEmpty: boolean): void {
    const { options, peer, http } = this.#host;
    const result = planHttpRequest(this.#params, stdinStartsEmpty, options.maxBodyBytes);
    if (!result.ok) {
      options.log({
        level: 'warn',
        msg: `refused request ${this.id}: ${result.reason}`,
        status: result.status,
        remoteAddress: peer.remoteAddress,
      });
      this.#respondDirectly(result.status);
      if (result.status === 413) this.#closeOversized();
      return;
    }
    this.#plan = result.plan;
    const socket = new FastcgiSocket(socketFacts(this.#params, peer, options.trustProxy), this.#params, {
      demand: () => this.#host.setInputBlocked(this, false),
      write: (chunk, done) => this.#responseBytes(chunk, done),
      ended: () => this.#responseComplete(),
      response: (res) => this.#watch(res),
      destroyed: () => this.#socketDestroyed(),
    });
    this.#socket = socket;
    http.emit('connection', socket);
    this.#feed(result.plan.head);
  }

  #feedBody(data: Buffer): void {
    const plan = this.#plan;
    if (!plan || !this.#socket) return;
    if (plan.framing === 'chunked') {
      this.#feed(Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'));
      this.#feed(data);
      this.#feed(CRLF);
      return;
    }
    const room = plan.contentLength - this.#fedBytes;
    if (data.length > room) {
      this.#host.options.log({
        level: 'warn',
        msg: `request ${this.id}: STDIN longer than CONTENT_LENGTH, extra bytes dropped`,
      });
    }
    if (room > 0) {
      this.#fedBytes += Math.min(room, data.length);
      this.#feed(data.length > room ? data.subarray(0, room) : data);
    }
  }

  #inputDone(): void {
    this.#phase = 'input-done';
    clearTimeout(this.#timer);
    if (this.#plan?.framing === 'chunked') this.#feed(LAST_CHUNK);
    if (this.#plan?.framing === 'length' && this.#fedBytes < this.#plan.contentLength && !this.#responseDone) {
      // The web server ended STDIN short of CONTENT_LENGTH: its client went away mid-upload, or (Apache's
      // balancer) it is sending again a request a dead worker had begun to read, without what that one read.
      return this.#responseBroken(
        `STDIN ended after ${this.#fedBytes} of ${this.#plan.contentLength} bytes (CONTENT_LENGTH): the request is incomplete, not handled`,
        'info',
      );
    }
    this.#maybeEnd();
  }

  #feed(bytes: Buffer): void {
    if (this.#socket && !this.#socket.feed(bytes)) this.#host.setInputBlocked(this, true);
  }

  #watch(res: ServerResponse): void {
    res.once('finish', () => this.#responseComplete());
  }

  #responseBytes(chunk: Buffer, done: () => void): void {
    if (this.#responseDone) return done();
    let cgi: Buffer[];
    try {
      cgi = this.#translator.push(chunk);
    } catch (error) {
      this.#responseBroken(`unreadable response: ${(error as Error).message}`);
      return done();
    }
    const pieces = cgi.flatMap((bytes) => encodeStreamRecords(RecordType.Stdout, this.id, bytes));
    if (pieces.length === 0) return done();
    this.#host.send(pieces, done);
  }

  #responseComplete(): void {
    if (this.#responseDone) return;
    if (!this.#translator.headSent) return this.#responseBroken('response ended without a head');
    this.#responseDone = true;
    this.#host.send([encodeRecord(RecordType.Stdout, this.id)]);
    // Let the response's own 'finish' listeners run before the socket goes.
    setImmediate(() => this.#dropSocket());
    this.#maybeEnd();
  }

  #socketDestroyed(): void {
    this.#host.setInputBlocked(this, false);
    if (!this.#responseDone) this.#responseBroken('the app destroyed the connection before completing its response');
  }

  /**
   * A response that cannot be completed, reported as failed (appStatus 1). Before its head, our own 502
   * takes its place (never an END_REQUEST alone: see the top of this file); after, the stream just ends.
   */
  #responseBroken(reason: string, level: 'info' | 'warn' = 'warn'): void {
    if (this.#responseDone) return;
    const committed = this.#translator.headSent;
    this.#host.options.log({
      level,
      msg: `request ${this.id}: ${reason}${committed ? '' : '; answered 502'}`,
      url: this.#params.get('REQUEST_URI'),
    });
    this.#appStatus = 1;
    if (committed) {
      this.#responseDone = true;
      this.#host.send([encodeRecord(RecordType.Stdout, this.id)]);
    } else {
      this.#respondDirectly(502);
    }
    this.#dropSocket();
    this.#maybeEnd();
  }

  /** Our own complete answer, for requests the app never saw or never answered. */
  #respondDirectly(status: OwnStatus): void {
    this.#responseDone = true;
    this.#host.send([
      ...encodeStreamRecords(
        RecordType.Stdout,
        this.id,
        plainCgiResponse(status, this.#params.get('REQUEST_METHOD') === 'HEAD'),
      ),
      encodeRecord(RecordType.Stdout, this.id),
    ]);
  }

  /** More STDIN than maxBodyBytes: 413 if nothing was committed yet, then close (the rest of the body is not read). */
  #tooLarge(): void {
    const max = this.#host.options.maxBodyBytes;
    this.#host.options.log({
      level: 'warn',
      msg: `request ${this.id}: body exceeds maxBodyBytes (${max})`,
      url: this.#params.get('REQUEST_URI'),
    });
    if (!this.#responseDone) {
      // A response already under way is cut short; otherwise the app has not committed anything yet.
      if (this.#translator.headSent) this.#appStatus = 1;
      else this.#respondDirectly(413);
      this.#responseDone = true;
    }
    this.#dropSocket();
    this.#closeOversized();
  }

  #closeOversized(): void {
    this.#end(this.#appStatus, 'served');
    this.#host.close(`request ${this.id} body exceeds maxBodyBytes (${this.#host.options.maxBodyBytes})`, 'warn');
  }

  #maybeEnd(): void {
    if (this.#responseDone && this.#phase === 'input-done') this.#end(this.#appStatus, 'served');
  }

  #end(appStatus: number, outcome: Outcome): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    this.#host.setInputBlocked(this, false);
    this.#host.finish(this, appStatus, outcome, this.#phase !== 'input-done');
  }

  /** Destroys the request socket without it counting as the app's doing. */
  #dropSocket(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && !socket.destroyed) socket.destroy();
  }
}
