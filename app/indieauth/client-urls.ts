/**
 * Which client ids and redirect URIs we accept (IndieAuth §3.2 and §4.2.2).
 * A client id is a web page: https, or http on the person's own machine
 * (loopback), named by a domain, not an address. The redirect URI must share
 * the client id's scheme, host and port: we do not fetch the client's
 * metadata to allow others, so a code can only ever go back to the site that
 * asked for it.
 */
const maxUrlLength = 2000;
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why this client id is refused, or null if it is fine. */
export function clientIdProblem(clientId: string): string | null {
  const url = parsed(clientId);
  if (!url) return 'The client_id is not a URL.';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The client_id must be an http or https URL.';
  if (url.protocol === 'http:' && !loopbackHosts.has(url.hostname))
    return 'The client_id must use https (plain http only on this computer).';
  if (url.username || url.password) return 'The client_id must not contain a user name or password.';
  if (url.hash || clientId.includes('#')) return 'The client_id must not contain a fragment.';
  if (!loopbackHosts.has(url.hostname) && isIpAddress(url.hostname))
    return 'The client_id must name its host, not an IP address.';
  if (/\/\.\.?(\/|$)/.test(rawPath(clientId))) return 'The client_id must not contain "." or ".." path segments.';
  return null;
}

/** Why this redirect URI is refused for this (already valid) client id, or null. */
export function redirectUriProblem(redirectUri: string, clientId: string): string | null {
  const url = parsed(redirectUri);
  const client = parsed(clientId);
  if (!url || !client) return 'The redirect_uri is not a URL.';
  if (url.hash || redirectUri.includes('#')) return 'The redirect_uri must not contain a fragment.';
  if (url.protocol !== client.protocol || url.host !== client.host)
    return `The redirect_uri (${url.origin}) is not on the app's own site (${client.origin}), so the sign-in cannot be sent there.`;
  return null;
}

function parsed(value: string): URL | null {
  if (value.length > maxUrlLength) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

// The URL parser resolves "/a/../b" away, so look at the path as written.
function rawPath(value: string): string {
  return value.replace(/^[a-z]+:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
}

function isIpAddress(hostname: string): boolean {
  return hostname.startsWith('[') || /^\d+(\.\d+){3}$/.test(hostname);
}
