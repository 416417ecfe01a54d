/**
 * CGI params → the HTTP/1.x request Node's own parser then reads, so the app
 * gets a genuine IncomingMessage. Only well-formed pieces reach the wire:
 * a param that could smuggle a second request line or header is refused.
 * The web server is the front end: who the client is and whether it used TLS
 * come from its REMOTE_ADDR and HTTPS params, never from forwarding headers
 * the client sent (those are dropped, so no `trust proxy` can read them).
 */

/** The request head to feed Node, and how the STDIN stream is framed after it. */
export interface HttpRequestPlan {
  head: Buffer;
  /** none: no body; length: exactly contentLength bytes; chunked: body length unknown (chunked upload). */
  framing: 'none' | 'length' | 'chunked';
  contentLength: number;
}

export type PlanResult = { ok: true; plan: HttpRequestPlan } | { ok: false; status: 400 | 413; reason: string };

/** What the request's socket reports: the client's connection as the web server saw it. */
export interface SocketFacts {
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  localAddress: string | undefined;
  localPort: number | undefined;
  /** HTTPS=on: Express's req.secure / req.protocol read `socket.encrypted`. */
  encrypted: boolean;
}

/** Request headers that describe one hop, never the client's request; the framing headers are ours to write. */
const DROPPED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'trailer',
  'http2-settings',
  'content-length',
  'content-type',
  // Claims about earlier hops, in a request whose only hop is the web server: REMOTE_ADDR and HTTPS say it.
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-server',
  'x-forwarded-ssl',
  'x-real-ip',
]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_TARGET = /^[\x21-\x7e\x80-\xff]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const DECIMAL = /^\d{1,15}$/;

/**
 * @param stdinStartsEmpty whether the first STDIN record was the empty end-of-stream one:
 *   without CONTENT_LENGTH that is the only way to tell "no body" from a chunked upload.
 */
export function planHttpRequest(
  params: ReadonlyMap<string, string>,
  stdinStartsEmpty: boolean,
  maxBodyBytes: number,
): PlanResult {
  const method = params.get('REQUEST_METHOD') ?? '';
  if (!TOKEN.test(method)) return refuse(400, `invalid REQUEST_METHOD ${JSON.stringify(method)}`);
  const target = requestTarget(params);
  if (!REQUEST_TARGET.test(target)) return refuse(400, `invalid request target ${JSON.stringify(target)}`);

  const lines = [`${method} ${target} ${httpVersion(params.get('SERVER_PROTOCOL'))}`];
  for (const [name, value] of params) {
    if (!name.startsWith('HTTP_')) continue;
    const header = name.slice(5).toLowerCase().replaceAll('_', '-');
    if (DROPPED_HEADERS.has(header)) continue;
    if (!TOKEN.test(header) || !FIELD_VALUE.test(value)) return refuse(400, `invalid header param ${name}`);
    lines.push(`${header}: ${value.trim()}`);
  }
  const contentType = params.get('CONTENT_TYPE');
  if (contentType) {
    if (!FIELD_VALUE.test(contentType)) return refuse(400, 'invalid CONTENT_TYPE');
    lines.push(`content-type: ${contentType}`);
  }

  let framing: HttpRequestPlan['framing'] = stdinStartsEmpty ? 'none' : 'chunked';
  let contentLength = 0;
  const declared = params.get('CONTENT_LENGTH');
  if (declared) {
    if (!DECIMAL.test(declared)) return refuse(400, `invalid CONTENT_LENGTH ${JSON.stringify(declared)}`);
    contentLength = Number(declared);
    if (contentLength > maxBodyBytes)
      return refuse(413, `CONTENT_LENGTH ${contentLength} exceeds maxBodyBytes ${maxBodyBytes}`);
    framing = contentLength > 0 ? 'length' : 'none';
    lines.push(`content-length: ${contentLength}`);
  } else if (framing === 'chunked') {
    lines.push('transfer-encoding: chunked');
  }
  return { ok: true, plan: { head: Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), framing, contentLength } };
}

/** REQUEST_URI (Apache, lighttpd; includes the query) wins; mod_proxy_fcgi's SCRIPT_NAME may be a proxy: URL. */
export function requestTarget(params: ReadonlyMap<string, string>): string {
  const uri = params.get('REQUEST_URI');
  if (uri) return uri;
  const path = `${params.get('SCRIPT_NAME') ?? ''}${params.get('PATH_INFO') ?? ''}` || '/';
  const query = params.get('QUERY_STRING');
  return query ? `${path}?${query}` : path;
}

export function socketFacts(
  params: ReadonlyMap<string, string>,
  peer: { remoteAddress?: string | undefined; remotePort?: number | undefined },
  trustProxy: boolean,
): SocketFacts {
  const https = (params.get('HTTPS') ?? '').toLowerCase();
  return {
    remoteAddress: trustProxy ? params.get('REMOTE_ADDR') || peer.remoteAddress : peer.remoteAddress,
    remotePort: trustProxy ? (port(params.get('REMOTE_PORT')) ?? peer.remotePort) : peer.remotePort,
    localAddress: params.get('SERVER_ADDR') || undefined,
    localPort: port(params.get('SERVER_PORT')),
    encrypted: https === 'on' || https === '1' || params.get('REQUEST_SCHEME')?.toLowerCase() === 'https',
  };
}

/** Node's parser knows 1.0, 1.1 and 2.0; anything else (HTTP/3, "INCLUDED") is presented as 1.1. */
function httpVersion(protocol: string | undefined): string {
  const match = /^HTTP\/(\d)(?:\.(\d))?$/i.exec(protocol ?? '');
  if (match?.[1] === '1' && match[2] === '0') return 'HTTP/1.0';
  if (match?.[1] === '2') return 'HTTP/2.0';
  return 'HTTP/1.1';
}

function port(value: string | undefined): number | undefined {
  if (!value || !DECIMAL.test(value)) return undefined;
  const n = Number(value);
  return n <= 0xffff ? n : undefined;
}

function refuse(status: 400 | 413, reason: string): PlanResult {
  return { ok: false, status, reason };
}
