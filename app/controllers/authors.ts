import type { Request, Response } from 'express';
import { authorPath } from '#app/helpers/permalinks.ts';
import { renderListing } from '#app/controllers/concerns/listing.ts';
import { authorNamed } from '#app/controllers/concerns/named-records.ts';
import { listKey, recordKey } from '#app/page-cache/index.ts';

/** GET /author/:login and /author/:login/page/:n */
export async function show(req: Request, res: Response) {
  const author = await authorNamed(String(req.params.login));
  await renderListing(req, res, {
    filter: { kind: 'author', authorId: author.id },
    basePath: authorPath(author.login),
    heading: `Articles by ${author.displayName}`,
    feed: { basePath: authorPath(author.login), title: `Articles by ${author.displayName}` },
    uses: [listKey.author(author.id), recordKey.user(author.id)],
  });
}
