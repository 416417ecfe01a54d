import type { Request, Response } from 'express';
import { findAuthor } from '#app/models/user.ts';
import { authorPath } from '#app/helpers/permalinks.ts';
import { renderListing } from '#app/controllers/concerns/listing.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { listKey, recordKey } from '#app/page-cache/index.ts';

/** GET /author/:login and /author/:login/page/:n */
export async function show(req: Request, res: Response) {
  const author = await findAuthor(String(req.params.login));
  if (!author) throw notFound(`There is no author "${req.params.login}".`);
  await renderListing(req, res, {
    filter: { kind: 'author', authorId: author.id },
    basePath: authorPath(author.login),
    heading: `Articles by ${author.displayName}`,
    feed: { basePath: authorPath(author.login), title: `Articles by ${author.displayName}` },
    uses: [listKey.author(author.id), recordKey.user(author.id)],
  });
}
