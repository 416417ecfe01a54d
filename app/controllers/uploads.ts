import type { NextFunction, Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { findUploadByStoredName } from '#app/models/upload.ts';
import { parseUploadPath, variantName } from '#app/models/upload/storage.ts';
import { uploadKind } from '#app/models/upload/links.ts';
import { uploadCacheSeconds, uploadDirs } from '#config/uploads.ts';

/**
 * GET /uploads/*file: an uploaded file, or one of its resized copies. The
 * path must be a name we generate and must belong to an Asset row before
 * the filesystem is touched, so traversal has nothing to work with. The
 * Content-Type is the one detected at upload; browsers must not sniff.
 */
export async function show(req: Request, res: Response, next: NextFunction) {
  const requested = parseUploadPath((req.params.file as unknown as string[]).join('/'));
  const asset = requested && (await findUploadByStoredName(requested.storedName));
  if (!requested || !asset || (requested.variant && uploadKind(asset) !== 'image'))
    throw notFound('There is no such upload.');
  const headers = {
    'Content-Type': asset.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': 'inline',
    // Public media: feed readers and other sites may embed it.
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  const options = {
    root: uploadDirs(appContext(req).config).root,
    headers,
    maxAge: uploadCacheSeconds * 1000,
    immutable: true,
    dotfiles: 'deny' as const,
  };
  res.sendFile(variantName(asset.storedName, requested.variant), options, (error?: Error) => {
    if (error && !res.headersSent) next(notFound('There is no such upload.'));
  });
}
