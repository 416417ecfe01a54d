/**
 * Every request Folio makes to another site goes through fetchOutbound:
 * http(s) only; no loopback, private, link-local or otherwise reserved
 * address (checked on the resolved address that is then connected to, and
 * again on every redirect), bounded in time, size and redirects, with
 * Folio's User-Agent. OutboundConfig.allowPrivate lifts the private and
 * loopback check (never link-local) for tests on one machine.
 *
 * Built on node:http rather than fetch: fetch resolves names itself and
 * follows redirects itself, and so would connect to addresses nobody checked.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { OutboundConfig } from '#config/open-web.ts';
import { acceptEncoding, readBody } from '#app/net/body.ts';
import { decodeText } from '#app/net/charset.ts';
import { checkedUrl, guardedLookup, hostOf, shown } from '#app/net/connect-guard.ts';
import { nextHop, redirectTarget, type Hop } from '#app/net/redirects.ts';
import { OutboundRefused } from '#app/net/refusal.ts';

export { OutboundRefused, type RefusalReason } from '#app/net/refusal.ts';

export interface OutboundRequest {
  readonly method?: 'GET' | 'HEAD' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  /** A POST's body; give its Content-Type in headers. */
  readonly body?: string;
  /** 'follow' (default): redirects are followed (and checked); 'manual': a 3xx is returned as it is. */
  readonly redirect?: 'follow' | 'manual';
  /** Overrides config.maxBytes (smaller only makes sense). */
  readonly maxBytes?: number;
}

export interface OutboundResponse {
  readonly status: number;
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly headers: Headers;
  readonly body: Buffer;
  /** The body decoded by the charset the Content-Type names (UTF-8 by default). */
  text(): string;
}

/**
 * Makes the request, following up to config.maxRedirects redirects, all
 * within config.timeoutMs. Resolves with any HTTP status (a 404 is an
 * answer); rejects only with OutboundRefused.
 */
export async function fetchOutbound(
  url: string,
  config: OutboundConfig,
  request: OutboundRequest = {},
): Promise<OutboundResponse> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), config.timeoutMs);
  let where = 'the address';
  try {
    let hop: Hop = {
      url: checkedUrl(url, config.allowPrivate),
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      body: request.body,
    };
    for (let redirects = 0; ; redirects += 1) {
      where = shown(hop.url);
      const response = await send(hop, config, deadline.signal);
      const target =
        request.redirect === 'manual'
          ? null
          : redirectTarget(response.statusCode ?? 0, response.headers.location, hop.url);
      if (!target) return await answer(hop, response, request.maxBytes ?? config.maxBytes, deadline.signal);
      response.destroy();
      if (redirects >= config.maxRedirects)
        throw new OutboundRefused(
          'too-many-redirects',
          `${shown(hop.url)} redirected once more after ${config.maxRedirects} redirects; Folio stopped there`,
        );
      hop = nextHop(hop, response.statusCode ?? 0, checkedUrl(target, config.allowPrivate));
    }
  } catch (error) {
    throw refusalFor(error, deadline.signal, where, config.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function send(hop: Hop, config: OutboundConfig, signal: AbortSignal): Promise<IncomingMessage> {
  const { url } = hop;
  return new Promise((resolve, reject) => {
    const outgoing = (url.protocol === 'https:' ? https : http).request({
      protocol: url.protocol,
      hostname: hostOf(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: hop.method,
      headers: {
        'user-agent': config.userAgent,
        'accept-encoding': acceptEncoding,
        ...(hop.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(hop.body)) }),
        ...hop.headers,
      },
      // A fresh connection each time: a pooled socket would skip the lookup,
      // and it may have been opened under another allowPrivate.
      agent: false,
      lookup: guardedLookup(url, config.allowPrivate),
      signal,
    });
    outgoing.on('response', resolve);
    // `on`, not `once`: an abort after the answer arrived emits again, and an unheard 'error' would crash.
    outgoing.on('error', reject);
    outgoing.end(hop.body);
  });
}

async function answer(
  hop: Hop,
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<OutboundResponse> {
  const headers = headersOf(response);
  let body: Buffer = Buffer.alloc(0);
  try {
    if (hop.method !== 'HEAD') body = await readBody(response, maxBytes, signal, shown(hop.url));
  } finally {
    // Done with the connection whether the body was read, refused or never wanted (HEAD).
    response.destroy();
  }
  return {
    status: response.statusCode ?? 0,
    url: hop.url.href,
    headers,
    body,
    text: () => decodeText(body, headers.get('content-type')),
  };
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A header Headers will not hold (a name no standard allows) is one Folio does not read either.
    }
  }
  return headers;
}

function refusalFor(error: unknown, deadline: AbortSignal, where: string, timeoutMs: number): OutboundRefused {
  if (error instanceof OutboundRefused) return error;
  if (deadline.aborted) return new OutboundRefused('timeout', `${where} did not answer within ${timeoutMs / 1000} s`);
  return new OutboundRefused('network', `${where} could not be fetched (${describeFailure(error)})`);
}

// Node's own messages name the address and the cause, never a request's
// query or headers, so where no plainer word is known they are shown as they are.
const plainWords: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  Z_DATA_ERROR: 'the compressed body is corrupt',
  Z_BUF_ERROR: 'the compressed body is corrupt',
  ERR_BROTLI_DECOMPRESSION_FAILED: 'the compressed body is corrupt',
};

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (plainWords[code]) return plainWords[code];
  if (code.startsWith('HPE_')) return `not a valid HTTP answer: ${error.message}`;
  if (/CERT|SELF_SIGNED|ERR_TLS|ERR_SSL|UNABLE_TO_/.test(code)) return `TLS: ${error.message}`;
  return error.message || code;
}
