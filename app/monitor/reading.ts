/**
 * What counts as an article read and as a referral, the same for the
 * requests the app answers, the pages its own HTTP server answers from the
 * page cache, and the lines the web server logs for its cache hits. Nothing
 * about the reader: an article read is its path, a referral the other site's
 * host name.
 */

/** An article's permalink, as config/routes.ts routes it (/:year/:month/:day/:slug) and the page cache names it. */
const articlePath = /^\/\d{4}\/\d{1,2}\/\d{1,2}\/[^/]+$/;

export function isArticlePath(path: string): boolean {
  return articlePath.test(path);
}

/** The host name of an http(s) Referer from another site; null for the blog's own pages and anything else. */
export function referringSite(referer: string, ownHost: string): string | null {
  if (!/^https?:\/\//i.test(referer)) return null;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return host === '' || host === ownHost ? null : host;
}
