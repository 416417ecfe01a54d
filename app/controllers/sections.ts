import type { Request, Response } from 'express';
import { findSection } from '#app/models/section.ts';
import { sectionPath } from '#app/helpers/permalinks.ts';
import { renderListing } from '#app/controllers/concerns/listing.ts';
import { presentStaticPage } from '#app/presenters/static-page.ts';
import { renderPage } from '#app/themes/page.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { pageUses, listKey, recordKey } from '#app/page-cache/index.ts';

/** GET /section/:slug (and /page/:n): a "blog" section lists its articles, a "page" section shows its page. */
export async function show(req: Request, res: Response) {
  const slug = String(req.params.slug);
  const section = await findSection(slug);
  if (!section) throw notFound(`There is no section "${slug}".`);
  if (section.style === 'page') {
    if (!section.page || req.params.n !== undefined) throw notFound(`The section "${section.name}" has no page yet.`);
    pageUses(res).add(recordKey.section(section.id), recordKey.page(section.page.id));
    return renderPage(req, res, 'page', presentStaticPage(section.page), {
      title: section.page.title,
      lastModified: section.page.updatedAt,
      preview: { kind: 'page', ...section.page },
    });
  }
  await renderListing(req, res, {
    filter: { kind: 'section', sectionId: section.id },
    basePath: sectionPath(section.slug),
    heading: section.name,
    feed: { basePath: sectionPath(section.slug), title: section.name },
    uses: [listKey.section(section.id), recordKey.section(section.id)],
  });
}
