/**
 * Every request Folio makes to another site goes through fetchOutbound:
 * http(s) only; no loopback, private, link-local or otherwise reserved
 * address (checked on the resolved address that is then connected to, and
 * again on every redirect), bounded in time, size and redirects, with
 * Folio's User-Agent. OutboundConfig.allowPrivate lifts the address check
 * for tests on one machine.
 *
 * PLACEHOLDER (helper "outbound" replaces the body, keeping this interface):
 * a plain fetch with a time limit and no address checks.
 */
import type { OutboundConfig } from '#config/open-web.ts';

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

export type RefusalReason =
  'scheme' | 'private-address' | 'dns' | 'timeout' | 'too-large' | 'too-many-redirects' | 'network';

/** Why a request was not made or not finished; `message` is fit to show an author or log. */
export class OutboundRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

export async function fetchOutbound(
  url: string,
  config: OutboundConfig,
  request: OutboundRequest = {},
): Promise<OutboundResponse> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new OutboundRefused('scheme', `only http and https addresses are fetched, not ${parsed.protocol}`);
  const response = await fetch(parsed, {
    method: request.method ?? 'GET',
    headers: { 'user-agent': config.userAgent, ...request.headers },
    body: request.body,
    redirect: request.redirect ?? 'follow',
    signal: AbortSignal.timeout(config.timeoutMs),
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > (request.maxBytes ?? config.maxBytes))
    throw new OutboundRefused('too-large', `the answer is over ${request.maxBytes ?? config.maxBytes} bytes`);
  return {
    status: response.status,
    url: response.url,
    headers: response.headers,
    body,
    text: () => body.toString('utf8'),
  };
}
