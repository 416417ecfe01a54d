import type { Request, Response } from 'express';
import { db } from '#app/models/db.ts';
import { visibleWhere } from '#app/models/article/visibility.ts';
import { articlePath, canonicalPagePath, sectionPath, absoluteUrl } from '#app/helpers/permalinks.ts';
import { showingSections } from '#app/models/page.ts';
import { lastChangedAt } from '#app/presenters/article.ts';
import { appContext } from '#app/context.ts';
import { pageUses, listKey } from '#app/page-cache/index.ts';

/** The sitemap protocol allows 50,000 URLs per file. */
const maxUrls = 50_000;

/** GET /sitemap.xml */
export async function show(req: Request, res: Response) {
  const { config } = appContext(req);
  const [articles, pages, sections] = await Promise.all([
    db.article.findMany({
      where: visibleWhere(),
      select: { slug: true, publishedOn: true, publishedAt: true, updatedAt: true },
      orderBy: { publishedAt: 'desc' },
      take: maxUrls - 1000,
    }),
    db.page.findMany({ select: { slug: true, updatedAt: true, sections: showingSections }, take: 500 }),
    db.section.findMany({ where: { style: 'blog' }, select: { slug: true }, take: 499 }),
  ]);
  const entries = [
    { path: '/', updatedAt: articles[0] && lastChangedAt(articles[0]) },
    ...sections.map((s) => ({ path: sectionPath(s.slug), updatedAt: undefined })),
    // Each page once, at its canonical address (a "page" section showing it, or /pages/:slug).
    ...pages.map((p) => ({ path: canonicalPagePath(p), updatedAt: p.updatedAt })),
    ...articles.map((a) => ({ path: articlePath(a), updatedAt: lastChangedAt(a) })),
  ];
  pageUses(res).add(listKey.sitemap);
  const body = entries
    .map(
      (e) =>
        `<url><loc>${escapeXml(absoluteUrl(config.baseUrl, e.path))}</loc>${e.updatedAt ? `<lastmod>${e.updatedAt.toISOString()}</lastmod>` : ''}</url>`,
    )
    .join('\n');
  res
    .type('application/xml; charset=utf-8')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`,
    );
}

/** GET /robots.txt: keeps crawlers out of the admin and points them at the sitemap. */
export function robots(req: Request, res: Response) {
  const { config } = appContext(req);
  res
    .type('text/plain')
    .send(`User-agent: *\nDisallow: /admin\nDisallow: /search\n\nSitemap: ${config.baseUrl}/sitemap.xml\n`);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
