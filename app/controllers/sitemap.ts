import type { Request, Response } from 'express';
import { sitemapEntries } from '#app/models/sitemap.ts';
import { sitemapContentType, sitemapXml } from '#app/feeds/sitemap.ts';
import { appContext } from '#app/context.ts';
import { pageUses, listKey } from '#app/page-cache/index.ts';

/** GET /sitemap.xml */
export async function show(req: Request, res: Response) {
  const entries = await sitemapEntries(appContext(req).clock.now());
  pageUses(res).add(listKey.sitemap);
  res.type(sitemapContentType).send(sitemapXml(appContext(req).config.baseUrl, entries));
}

/** GET /robots.txt: keeps crawlers out of the admin and points them at the sitemap. */
export function robots(req: Request, res: Response) {
  const { config } = appContext(req);
  res
    .type('text/plain')
    .send(`User-agent: *\nDisallow: /admin\nDisallow: /search\n\nSitemap: ${config.baseUrl}/sitemap.xml\n`);
}
