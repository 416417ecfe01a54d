import type { SitemapEntry } from '#app/models/sitemap.ts';
import { absoluteUrl } from '#app/helpers/permalinks.ts';
import { escapedText } from './escaping.ts';

export const sitemapContentType = 'application/xml; charset=utf-8';

/** A sitemaps.org urlset: each entry's absolute URL, and its last change when known. */
export function sitemapXml(baseUrl: string, entries: SitemapEntry[]): string {
  const urls = entries.map((e) => {
    const lastmod = e.updatedAt ? `<lastmod>${e.updatedAt.toISOString()}</lastmod>` : '';
    return `<url><loc>${escapedText(absoluteUrl(baseUrl, e.path))}</loc>${lastmod}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
