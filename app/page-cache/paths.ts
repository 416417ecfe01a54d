/**
 * URL path → cache file: the one mapping the writer, the fast path and the generated rewrite rules share (see
 * README.md). Only plain paths qualify: unreserved characters, no dot-leading segment (no dotfiles, no `..`).
 */
import { pageCacheSettings, cachedContentTypes } from '#config/page-cache.ts';

const segment = '[A-Za-z0-9_~-][A-Za-z0-9._~-]*';

/** A page path whose file is `<path>.html` (its last segment has no dot). PCRE- and JS-compatible. */
export const htmlPathPattern = `^((?:/${segment})*/[A-Za-z0-9_~-]+)$`;
/** A feed or sitemap path, cached under its own name. PCRE- and JS-compatible. */
export const feedPathPattern = `^((?:/${segment})*/${segment}\\.(?:atom|rss|xml))$`;

const htmlPath = new RegExp(htmlPathPattern);
const feedPath = new RegExp(feedPathPattern);
const maxPathLength = 1024;

/** The file (relative to the cache root) for a URL path, or null when that path is never cached. */
export function cacheFileFor(urlPath: string): string | null {
  if (urlPath === '/') return 'index.html';
  if (urlPath.length > maxPathLength || isExcluded(urlPath)) return null;
  // `/index` would be served the home page's file.
  if (urlPath === '/index') return null;
  if (htmlPath.test(urlPath)) return `${urlPath.slice(1)}.html`;
  if (feedPath.test(urlPath)) return urlPath.slice(1);
  return null;
}

/** The content type a cached file is served with. */
export function contentTypeFor(file: string): string | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : cachedContentTypes[file.slice(dot)];
}

/** The first segments no cached file may ever have (`admin`, `search`, ...), for the rewrite rules too. */
export function excludedFirstSegments(): string[] {
  return pageCacheSettings.excludedPrefixes.map((prefix) => prefix.slice(1));
}

/** Case-blind, as Express's routing is: `/Admin/...` reaches the admin too. */
function isExcluded(urlPath: string): boolean {
  const lower = urlPath.toLowerCase();
  return pageCacheSettings.excludedPrefixes.some(
    (prefix) => lower === prefix || lower.startsWith(`${prefix}/`) || lower.startsWith(`${prefix}.`),
  );
}
