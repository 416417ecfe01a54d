import type { Request, Response } from 'express';
import { renderListing } from '#app/controllers/concerns/listing.ts';
import { listKey } from '#app/page-cache/index.ts';

/** GET / and /page/:n */
export async function index(req: Request, res: Response) {
  await renderListing(req, res, { filter: { kind: 'all' }, basePath: '/', heading: null, uses: [listKey.home] });
}
