/** The Micropub media endpoint (§3.6): one `file`, stored like an admin upload, answered 201 with its URL. */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { uploadDirs } from '#config/uploads.ts';
import { incomingFiles } from '#app/middleware/uploads.ts';
import { storeUploads } from '#app/models/upload.ts';
import { uploadUrl } from '#app/models/upload/links.ts';
import { absoluteUrl } from '#app/helpers/permalinks.ts';
import { micropubClient, requireScope } from '#app/micropub/authentication.ts';
import { invalidRequest } from '#app/micropub/errors.ts';

export { micropubRefusal as refusal } from '#app/micropub/errors.ts';

/** POST /micropub/media */
export async function create(req: Request, res: Response) {
  const client = await micropubClient(req, res);
  requireScope(client, 'media');
  const files = incomingFiles(req);
  if (files.length !== 1) throw invalidRequest('Send exactly one file, in the multipart field “file”.');
  const { config } = appContext(req);
  const [upload] = await storeUploads(files, client.user, uploadDirs(config));
  res
    .location(absoluteUrl(config.baseUrl, uploadUrl(upload!)))
    .status(201)
    .end();
}
