/**
 * A FastCGI client: one request on its own connection, sent the way Apache's
 * mod_proxy_fcgi sends it, for talking to a worker directly (release:check
 * asks each worker for the pages that matter, never through the web server).
 * It uses the same codec as the responder (protocol.ts).
 */
import net from 'node:net';
import {
  RecordParser,
  RecordType,
  Role,
  encodeBeginRequestBody,
  encodeNameValuePairs,
  encodeRecord,
  encodeStreamRecords,
  decodeEndRequestBody,
  FCGI_KEEP_CONN,
  type NameValueInput,
} from '#app/server/fastcgi/protocol.ts';

/** A CGI response as STDOUT carries it: the Status header read, the rest kept. */
export interface CgiResponse {
  status: number;
  statusText: string;
  /** Lower-cased names; repeated headers (Set-Cookie) as arrays. */
  headers: Record<string, string | string[]>;
  /** The CGI head as sent. */
  head: string;
  body: Buffer;
}

export interface FastcgiResponse extends CgiResponse {
  /** What the application wrote to STDERR, if anything. */
  stderr: string;
  appStatus: number;
  protocolStatus: number;
}

/** A worker's address: TCP, or a unix socket path. */
export type FastcgiTarget = { readonly host: string; readonly port: number } | { readonly path: string };

/**
 * Sends one request (id 1, connection closed after it) and resolves with the
 * response at END_REQUEST. Rejects if the connection fails or closes first,
 * or when `signal` aborts; it never retries.
 */
export function fastcgiRequest(
  target: FastcgiTarget,
  params: NameValueInput,
  options: { body?: Buffer; signal?: AbortSignal } = {},
): Promise<FastcgiResponse> {
  return new Promise((resolve, reject) => {
    const socket = 'path' in target ? net.connect(target.path) : net.connect(target.port, target.host);
    const parser = new RecordParser();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | undefined, response?: FastcgiResponse) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(response!);
    };
    const onAbort = () =>
      finish(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    socket.setNoDelay(true);
    socket.on('connect', () => {
      for (const piece of encodeRequest(1, params, options.body, { keepConn: false })) socket.write(piece);
    });
    socket.on('data', (chunk: Buffer) => {
      for (const record of parser.push(chunk)) {
        if (record.requestId !== 1) continue;
        if (record.type === RecordType.Stdout) stdout.push(Buffer.from(record.content));
        else if (record.type === RecordType.Stderr) stderr.push(Buffer.from(record.content));
        else if (record.type === RecordType.EndRequest) {
          const end = decodeEndRequestBody(record.content);
          finish(undefined, {
            ...parseCgiResponse(Buffer.concat(stdout)),
            stderr: Buffer.concat(stderr).toString('utf8'),
            ...end,
          });
        }
      }
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error('the worker closed the connection before END_REQUEST')));
  });
}

/** A whole request as records to write in order: BEGIN_REQUEST, PARAMS, STDIN, and the empty records that end both streams. */
export function encodeRequest(
  id: number,
  params: NameValueInput,
  body: Buffer | undefined,
  { keepConn = true, role = Role.Responder }: { keepConn?: boolean; role?: number } = {},
): Buffer[] {
  return [
    encodeRecord(RecordType.BeginRequest, id, encodeBeginRequestBody(role, keepConn ? FCGI_KEEP_CONN : 0)),
    ...encodeStreamRecords(RecordType.Params, id, encodeNameValuePairs(params)),
    encodeRecord(RecordType.Params, id),
    ...(body && body.length > 0 ? encodeStreamRecords(RecordType.Stdin, id, body) : []),
    encodeRecord(RecordType.Stdin, id),
  ];
}

/** What a web server sends for a request: the CGI variables mod_proxy_fcgi sets, and one HTTP_* per header. */
export function requestParams({
  method = 'GET',
  uri,
  host,
  https = false,
  remoteAddr = '127.0.0.1',
  headers = {},
}: {
  method?: string;
  /** Path and query, as a client would send it. */
  uri: string;
  /** The Host header (and SERVER_NAME). */
  host: string;
  https?: boolean;
  remoteAddr?: string;
  headers?: Record<string, string>;
}): Record<string, string> {
  const mark = uri.indexOf('?');
  const path = mark < 0 ? uri : uri.slice(0, mark);
  const params: Record<string, string> = {
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    SERVER_NAME: host.replace(/:\d+$/, ''),
    SERVER_PORT: https ? '443' : '80',
    REQUEST_SCHEME: https ? 'https' : 'http',
    REMOTE_ADDR: remoteAddr,
    REQUEST_METHOD: method,
    REQUEST_URI: uri,
    SCRIPT_NAME: path,
    QUERY_STRING: mark < 0 ? '' : uri.slice(mark + 1),
    HTTP_HOST: host,
  };
  if (https) params.HTTPS = 'on';
  for (const [name, value] of Object.entries(headers))
    params[`HTTP_${name.toUpperCase().replaceAll('-', '_')}`] = value;
  return params;
}

/** Splits a CGI response (what STDOUT carries) into status, headers and body; no Status header means 200. */
export function parseCgiResponse(stdout: Buffer): CgiResponse {
  const end = stdout.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, statusText: '', headers: {}, head: '', body: stdout };
  const head = stdout.toString('latin1', 0, end);
  const headers: Record<string, string | string[]> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const status = String(headers.status ?? '200 OK');
  const space = status.indexOf(' ');
  return {
    status: Number(space < 0 ? status : status.slice(0, space)),
    statusText: space < 0 ? '' : status.slice(space + 1),
    headers,
    head,
    body: stdout.subarray(end + 4),
  };
}
