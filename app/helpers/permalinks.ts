/** URL paths of public pages: the one place that knows their shape. */
import type { DateRange } from '#app/models/article/archive.ts';
import { dayPrefix } from '#app/models/article/archive.ts';

export function articlePath(article: { publishedOn: string | null; slug: string }): string {
  return `/${(article.publishedOn ?? 'draft').replaceAll('-', '/')}/${encodeURIComponent(article.slug)}`;
}
export const tagPath = (slug: string) => `/tag/${encodeURIComponent(slug)}`;
export const sectionPath = (slug: string) => `/section/${encodeURIComponent(slug)}`;
export const authorPath = (login: string) => `/author/${encodeURIComponent(login)}`;
export const pagePath = (slug: string) => `/pages/${encodeURIComponent(slug)}`;

/**
 * Where a static page lives: the first "page" section that shows it (the
 * address the navigation links to), else `/pages/:slug`. The sitemap lists
 * it there once, and its other address names it as canonical.
 */
export function canonicalPagePath(page: { slug: string; sections: { slug: string }[] }): string {
  const [shownBy] = page.sections;
  return shownBy ? sectionPath(shownBy.slug) : pagePath(page.slug);
}
export const archivePath = (range: DateRange) => `/${dayPrefix(range).replaceAll('-', '/')}`;
export const searchPath = (query: string) => `/search?q=${encodeURIComponent(query)}`;

/** `/tag/ruby` → `/tag/ruby/page/3` (page 1 is the bare path). */
export function pagedPath(basePath: string, page: number): string {
  if (page <= 1) return basePath;
  return `${basePath === '/' ? '' : basePath}/page/${page}`;
}

/** The feed of a page: `/tag/ruby` → `/tag/ruby.atom`; the home page's is `/articles.atom`. */
export function feedPath(basePath: string, format: 'atom' | 'rss'): string {
  return `${basePath === '/' ? '/articles' : basePath}.${format}`;
}

export function absoluteUrl(baseUrl: string, path: string): string {
  return baseUrl + (path.startsWith('/') ? path : `/${path}`);
}
