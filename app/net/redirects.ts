/**
 * Following a redirect by hand, as browsers do (the Fetch standard's rules),
 * so each new URL goes through the same checks as the first one.
 */
import { OutboundRefused } from '#app/net/refusal.ts';

/** One request on the way: what is sent where. */
export interface Hop {
  readonly url: URL;
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

// Headers that speak for the caller to one site; a redirect to another
// origin must not carry them along.
const credentialHeaders: ReadonlySet<string> = new Set(['authorization', 'cookie', 'proxy-authorization']);
// Headers about a body a redirect turned into a GET no longer has.
const bodyHeaders: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]);

/** The Location a redirect response points to, or null when the response is not a redirect to follow. */
export function redirectTarget(status: number, location: string | undefined, from: URL): URL | null {
  if (!redirectStatuses.has(status) || !location) return null;
  try {
    return new URL(location, from);
  } catch {
    throw new OutboundRefused('network', `${from.host} redirected to an address that is not a URL`);
  }
}

/**
 * The request to make after a redirect. 303 turns anything but HEAD into a
 * GET, and 301/302 turn a POST into one (what every client does, though the
 * old RFC said otherwise); 307/308 repeat the request as it was.
 */
export function nextHop(hop: Hop, status: number, target: URL): Hop {
  const becomesGet =
    (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  const sameOrigin = target.origin === hop.url.origin;
  const headers = Object.fromEntries(
    Object.entries(hop.headers).filter(
      ([name]) =>
        !(becomesGet && bodyHeaders.has(name.toLowerCase())) &&
        !(!sameOrigin && credentialHeaders.has(name.toLowerCase())),
    ),
  );
  return {
    url: target,
    method: becomesGet ? 'GET' : hop.method,
    headers,
    body: becomesGet ? undefined : hop.body,
  };
}
