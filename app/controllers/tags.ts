import type { Request, Response } from 'express';
import { tagCloud } from '#app/models/tag.ts';
import { tagPath } from '#app/helpers/permalinks.ts';
import { renderListing } from '#app/controllers/concerns/listing.ts';
import { renderPage } from '#app/themes/page.ts';
import { tagNamed } from '#app/controllers/concerns/named-records.ts';
import { pageUses, listKey, recordKey } from '#app/page-cache/index.ts';
import { appContext } from '#app/context.ts';

/** GET /tag/:tag and /tag/:tag/page/:n */
export async function show(req: Request, res: Response) {
  const tag = await tagNamed(String(req.params.tag), appContext(req).clock.now());
  await renderListing(req, res, {
    filter: { kind: 'tag', tagId: tag.id },
    basePath: tagPath(tag.slug),
    heading: `Articles tagged “${tag.name}”`,
    feed: { basePath: tagPath(tag.slug), title: `Articles tagged ${tag.name}` },
    uses: [listKey.tag(tag.id), recordKey.tag(tag.id)],
  });
}

/** GET /tags */
export async function index(req: Request, res: Response) {
  const tags = (await tagCloud(appContext(req).clock.now())).map((t) => ({ ...t, url: tagPath(t.slug) }));
  pageUses(res).add(listKey.tags);
  await renderPage(req, res, 'tags', { tags }, { title: 'Tags' });
}
