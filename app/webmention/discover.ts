/**
 * Finds a page's webmention endpoint as the W3C Recommendation says
 * (section 3.1.2, "Sender discovers receiver Webmention endpoint"): fetch
 * the target following redirects; the first HTTP Link header with rel
 * "webmention" wins, then the first <link> or <a> with that rel in document
 * order. A relative endpoint is resolved against the page's final URL (after
 * redirects), an empty href names the page itself, and the endpoint's query
 * string is kept as it is.
 */
import { fetchOutbound, type OutboundResponse } from '#app/net/outbound.ts';
import type { OutboundConfig } from '#config/open-web.ts';
import { elementsOf } from '#app/webmention/html-walk.ts';

/** The endpoint, or undefined when the page advertises none. */
export async function discoverEndpoint(target: string, outbound: OutboundConfig): Promise<string | undefined> {
  const response = await fetchOutbound(target, outbound, { headers: { accept: 'text/html, */*;q=0.5' } });
  if (response.status >= 500) throw new TransientFailure(`the page answered ${response.status}`);
  return endpointIn(response);
}

/** A failure worth trying again later: the network, a timeout, a 5xx. */
export class TransientFailure extends Error {
  override name = 'TransientFailure';
}

export function endpointIn(response: Pick<OutboundResponse, 'url' | 'headers' | 'text'>): string | undefined {
  const href = fromLinkHeader(response.headers.get('link')) ?? fromHtml(response);
  if (href === undefined) return undefined;
  try {
    const endpoint = new URL(href, response.url);
    endpoint.hash = '';
    return endpoint.protocol === 'http:' || endpoint.protocol === 'https:' ? endpoint.href : undefined;
  } catch {
    return undefined;
  }
}

/** The first `<url>; rel="… webmention …"` of a Link header (several headers arrive joined by commas). */
export function fromLinkHeader(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const link of splitOutside(header, ',')) {
    const [target, ...params] = splitOutside(link, ';').map((part) => part.trim());
    const url = /^<([^>]*)>$/.exec(target ?? '')?.[1];
    if (url === undefined) continue;
    const rel = params
      .map((param) => /^rel\s*=\s*(?:"([^"]*)"|([^\s"]+))$/i.exec(param))
      .find((match) => match !== null);
    if (rel && hasWebmentionRel(rel[1] ?? rel[2] ?? '')) return url;
  }
  return undefined;
}

function fromHtml(response: Pick<OutboundResponse, 'headers' | 'text'>): string | undefined {
  const type = response.headers.get('content-type') ?? '';
  if (!/html/i.test(type)) return undefined;
  for (const element of elementsOf(response.text())) {
    if (element.name !== 'link' && element.name !== 'a') continue;
    const href = element.attribute('href');
    // An element without href (unlike an empty one) points nowhere: the next one counts.
    if (href !== undefined && hasWebmentionRel(element.attribute('rel') ?? '')) return href.trim();
  }
  return undefined;
}

function hasWebmentionRel(rel: string): boolean {
  return rel.toLowerCase().split(/\s+/).includes('webmention');
}

/** Splits on `separator` outside <…> and "…", as Link header syntax needs. */
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inAngle = false;
  let inQuote = false;
  for (const char of text) {
    if (char === '<' && !inQuote) inAngle = true;
    else if (char === '>' && !inQuote) inAngle = false;
    else if (char === '"' && !inAngle) inQuote = !inQuote;
    if (char === separator && !inAngle && !inQuote) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
