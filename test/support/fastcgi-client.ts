/**
 * A FastCGI client for tests, built on the app's own codec and client
 * (app/server/fastcgi/client.ts, which release:check uses): it speaks to a
 * worker the way mod_proxy_fcgi does (params like Apache's, keep-conn when
 * asked) and also lets a test send raw or malformed records, or keep one
 * connection for many requests.
 */
import net from 'node:net';
import { EventEmitter, once } from 'node:events';
import {
  RecordParser,
  RecordType,
  Role,
  FCGI_KEEP_CONN,
  encodeRecord,
  encodeStreamRecords,
  encodeBeginRequestBody,
  encodeNameValuePairs,
  decodeEndRequestBody,
  type FcgiRecord,
  type NameValueInput,
} from '#app/server/fastcgi/protocol.ts';
import { parseCgiResponse, type CgiResponse } from '#app/server/fastcgi/client.ts';

export { parseCgiResponse };

export interface FcgiResponse extends CgiResponse {
  stdoutRecords: number;
  appStatus: number;
  protocolStatus: number;
}

export interface RequestOptions {
  id?: number;
  params: NameValueInput;
  /** Body pieces, each sent as its own STDIN record(s). */
  body?: Buffer | string | Array<Buffer | string>;
  keepConn?: boolean;
  role?: number;
}

export class FastcgiClient extends EventEmitter {
  readonly socket: net.Socket;
  readonly records: FcgiRecord[] = [];
  readonly closed: Promise<void>;
  #parser = new RecordParser();
  #isClosed = false;

  private constructor(socket: net.Socket) {
    super();
    this.socket = socket;
    this.closed = once(socket, 'close').then(() => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const record of this.#parser.push(chunk)) {
        this.records.push(record);
        this.emit('record', record);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#isClosed = true;
      this.emit('gone');
    });
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<FastcgiClient> {
    const socket = net.connect(port, host);
    socket.setNoDelay(true);
    await once(socket, 'connect');
    return new FastcgiClient(socket);
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  send(...buffers: Buffer[]): void {
    for (const buffer of buffers) this.socket.write(buffer);
  }

  begin(id: number, { keepConn = true, role = Role.Responder }: { keepConn?: boolean; role?: number } = {}): void {
    this.send(encodeRecord(RecordType.BeginRequest, id, encodeBeginRequestBody(role, keepConn ? FCGI_KEEP_CONN : 0)));
  }

  params(id: number, params: NameValueInput): void {
    this.send(
      ...encodeStreamRecords(RecordType.Params, id, encodeNameValuePairs(params)),
      encodeRecord(RecordType.Params, id),
    );
  }

  stdin(id: number, data: Buffer | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.send(
      ...(bytes.length > 0 ? encodeStreamRecords(RecordType.Stdin, id, bytes) : [encodeRecord(RecordType.Stdin, id)]),
    );
  }

  /** Sends a whole request and waits for its END_REQUEST. */
  request({ id = 1, params, body = [], keepConn = true, role }: RequestOptions): Promise<FcgiResponse> {
    const done = this.response(id);
    this.begin(id, { keepConn, role });
    this.params(id, params);
    for (const piece of Array.isArray(body) ? body : [body]) if (piece.length > 0) this.stdin(id, piece);
    this.stdin(id, Buffer.alloc(0));
    return done;
  }

  /** Collects STDOUT for `id` until its END_REQUEST; rejects if the connection closes first. */
  response(id: number): Promise<FcgiResponse> {
    return new Promise((resolve, reject) => {
      const stdout: Buffer[] = [];
      const onRecord = (record: FcgiRecord) => {
        if (record.requestId !== id) return;
        if (record.type === RecordType.Stdout) stdout.push(Buffer.from(record.content));
        if (record.type !== RecordType.EndRequest) return;
        cleanup();
        const end = decodeEndRequestBody(record.content);
        resolve({ ...parseCgiResponse(Buffer.concat(stdout)), stdoutRecords: stdout.length, ...end });
      };
      const onGone = () => {
        cleanup();
        reject(new Error(`connection closed before END_REQUEST for request ${id}`));
      };
      const cleanup = () => {
        this.off('record', onRecord);
        this.off('gone', onGone);
      };
      this.on('record', onRecord);
      this.on('gone', onGone);
    });
  }

  /** The next record matching `match`, or a rejection after `ms` (just inside the unit tier's 10 s: a bound for a hang). */
  nextRecord(match: (record: FcgiRecord) => boolean, ms = 9_000): Promise<FcgiRecord> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('record', onRecord);
        reject(new Error('no matching record'));
      }, ms);
      const onRecord = (record: FcgiRecord) => {
        if (!match(record)) return;
        clearTimeout(timer);
        this.off('record', onRecord);
        resolve(record);
      };
      this.on('record', onRecord);
    });
  }

  /** Resolves true once the server has closed the connection, false after `ms` (make it a bound for a hang, not a speed). */
  async closedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.closed.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}

export interface ApacheRequest {
  method?: string;
  /** Path and query, as the client sent it. */
  uri?: string;
  headers?: Record<string, string>;
  contentType?: string;
  contentLength?: number;
  https?: boolean;
  remoteAddr?: string;
  protocol?: string;
}

/** The params Apache 2.4's mod_proxy_fcgi sends for a request proxied as `fcgi://127.0.0.1:9000/`. */
export function apacheParams({
  method = 'GET',
  uri = '/',
  headers = {},
  contentType,
  contentLength,
  https = false,
  remoteAddr = '203.0.113.7',
  protocol = 'HTTP/1.1',
}: ApacheRequest = {}): Record<string, string> {
  const [path = '/', query = ''] = uri.split(/\?(.*)/s);
  const params: Record<string, string> = {
    HTTP_HOST: 'blog.example.org',
    HTTP_USER_AGENT: 'fastcgi-client-test',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    SERVER_SIGNATURE: '',
    SERVER_SOFTWARE: 'Apache/2.4.62 (Debian)',
    SERVER_NAME: 'blog.example.org',
    SERVER_ADDR: '192.0.2.10',
    SERVER_PORT: https ? '443' : '80',
    REMOTE_ADDR: remoteAddr,
    DOCUMENT_ROOT: '/var/www/folio/public',
    REQUEST_SCHEME: https ? 'https' : 'http',
    CONTEXT_PREFIX: '',
    CONTEXT_DOCUMENT_ROOT: '/var/www/folio/public',
    SERVER_ADMIN: 'webmaster@example.org',
    SCRIPT_FILENAME: `proxy:fcgi://127.0.0.1:9000${path}`,
    REMOTE_PORT: '52144',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: protocol,
    REQUEST_METHOD: method,
    QUERY_STRING: query,
    REQUEST_URI: uri,
    SCRIPT_NAME: path,
  };
  if (https) params.HTTPS = 'on';
  if (contentType !== undefined) params.CONTENT_TYPE = contentType;
  if (contentLength !== undefined) params.CONTENT_LENGTH = String(contentLength);
  for (const [name, value] of Object.entries(headers))
    params[`HTTP_${name.toUpperCase().replaceAll('-', '_')}`] = value;
  return params;
}

/** Starts a FastCGI server on 127.0.0.1 and a free port; returns the port. */
export async function listenOnLoopback(server: {
  listen(port: number, host: string, cb: () => void): unknown;
  address(): unknown;
}): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}
