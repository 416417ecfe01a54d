/**
 * One spelling for an address, so an old link matches its redirect however
 * it was written: the path percent-decoded and re-encoded one way, without a
 * trailing slash (but "/"), and the query's parameters sorted, empty ones and
 * campaign tags (utm_*) dropped. A scheme and host are dropped: a blog moving
 * domains keeps its paths. "https://old.example/2009/05/hello/?utm_source=x"
 * and "/2009/05/hello" are the same address.
 */
export function normalizeAddress(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text, 'http://placeholder.invalid');
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const path = canonicalPath(url.pathname);
  if (path === null) return null;
  const params = [...url.searchParams]
    .filter(([key, value]) => key && value !== '' && !key.startsWith('utm_'))
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  return query ? `${path}?${query}` : path;
}

function canonicalPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const trimmed = decoded.replace(/\/+$/, '') || '/';
  return encodeURI(trimmed);
}
