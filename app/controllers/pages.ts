import type { Request, Response } from 'express';
import { findPage } from '#app/models/page.ts';
import { presentStaticPage } from '#app/presenters/static-page.ts';
import { renderPage } from '#app/themes/page.ts';
import { canonicalPagePath } from '#app/helpers/permalinks.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { pageUses, recordKey } from '#app/page-cache/index.ts';

/** GET /pages/:slug */
export async function show(req: Request, res: Response) {
  const slug = String(req.params.slug);
  const page = await findPage(slug);
  if (!page) throw notFound(`There is no page "${slug}".`);
  pageUses(res).add(recordKey.page(page.id));
  await renderPage(req, res, 'page', presentStaticPage(page), {
    title: page.title,
    lastModified: page.updatedAt,
    canonicalPath: canonicalPagePath(page),
    preview: { kind: 'page', title: page.title, bodyHtml: page.bodyHtml, updatedAt: page.updatedAt },
  });
}
