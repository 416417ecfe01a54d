/**
 * Micropub's request bodies, mounted before its routes (config/routes.ts,
 * through app/middleware/api-bodies.ts): forms and JSON, and multipart
 * uploads checked like the admin's.
 */
import { mkdirSync } from 'node:fs';
import express, { type RequestHandler, type Response } from 'express';
import type multerModule from 'multer';
import type { Config } from '#config/environment.ts';
import { uploadDirs, uploadLimits } from '#config/uploads.ts';
import { appContext } from '#app/context.ts';
import { lazy } from '#app/lazy.ts';
import { removeFiles } from '#app/models/upload/storage.ts';
import { diskFullRefusal, incomingFiles } from '#app/middleware/uploads.ts';
import { micropubClient, requireScope } from '#app/micropub/authentication.ts';
import { MicropubError, invalidRequest } from '#app/micropub/errors.ts';

// Loaded by the first multipart request, not at boot.
const loadMulter = lazy<typeof multerModule>('multer');

/** text/xml up to what a base64 upload of the largest allowed file needs; no DOCTYPE, no entities. */
export function xmlRpcBody(config: Config): RequestHandler {
  void config;
  return express.text({ type: () => true, limit: '1mb' });
}

/**
 * Form-encoded or JSON Micropub requests (multipart with files:
 * micropubMediaUpload). Forms are read flat (extended: false), so
 * `category[]` arrives as the key "category[]" with every value, which
 * app/micropub/request.ts folds into "category". A post's text fits in 2 MB.
 */
export function micropubBody(config: Config): RequestHandler {
  void config;
  const form = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 1000 });
  const json = express.json({ limit: '2mb' });
  return (req, res, next) => form(req, res, (error?: unknown) => (error ? next(error) : json(req, res, next)));
}

/**
 * multipart/form-data with files in `fields` (`file` at the media endpoint,
 * `photo`/`photo[]` when creating a post), into the admin uploads' temp dir
 * with their size and count limits; the text fields may be as long as a post.
 * The token is checked before the first file is written (a form sends
 * access_token before the files, or the Authorization header), so nothing
 * reaches the disk for an anonymous request. The files are then checked
 * and re-encoded by storeUploads, as in the admin; whatever is left in the
 * temp dir when the response closes is removed.
 */
export function micropubMediaUpload(config: Config, fields: readonly string[] = ['file']): RequestHandler {
  mkdirSync(uploadDirs(config).temp, { recursive: true });
  let upload: RequestHandler | undefined;
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    upload ??= micropubMultipart(config, fields);
    res.once('close', () => {
      removeFiles(incomingFiles(req).map((file) => file.path)).catch((error: unknown) =>
        appContext(req).logger.error({ err: error }, 'could not remove Micropub temp files'),
      );
    });
    upload(req, res, (error: unknown) =>
      next(error ? multipartRefusal(error, fields, config.uploadMaxBytes) : undefined),
    );
  };
}

function micropubMultipart(config: Config, fields: readonly string[]): RequestHandler {
  const multer = loadMulter();
  return multer({
    storage: multer.diskStorage({ destination: uploadDirs(config).temp }),
    limits: { ...uploadLimits, fileSize: config.uploadMaxBytes, fields: 200, fieldSize: 2 * 1_048_576, parts: 210 },
    fileFilter: (req, file, accept) => {
      if (!fields.includes(file.fieldname)) return accept(unexpectedFile(file.fieldname, fields));
      micropubClient(req, req.res as Response)
        .then(
          (client) => {
            if (file.fieldname === 'file') requireScope(client, 'media');
            else if (!client.scopes.has('draft')) requireScope(client, 'create');
            accept(null, true);
          },
          (error: unknown) => accept(error as Error),
        )
        .catch((error: unknown) => accept(error as Error));
    },
    defParamCharset: 'utf8',
  }).any();
}

function unexpectedFile(name: string, fields: readonly string[]): MicropubError {
  return invalidRequest(`Files go in the field ${fields.map((f) => `“${f}”`).join(' or ')}, not “${name}”.`);
}

/** multer's refusals as Micropub errors; a full disk stays the 507 the admin gives. */
function multipartRefusal(error: unknown, fields: readonly string[], maxBytes: number): unknown {
  if (error instanceof MicropubError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE')
    return new MicropubError(
      'invalid_request',
      `A file is larger than the ${maxBytes / 1_048_576} MB limit.`,
      undefined,
      413,
    );
  if (code === 'LIMIT_FILE_COUNT')
    return new MicropubError('invalid_request', `Send at most ${uploadLimits.files} files at a time.`, undefined, 413);
  if (code === 'LIMIT_UNEXPECTED_FILE') return unexpectedFile((error as { field?: string }).field ?? '', fields);
  if (typeof code === 'string' && code.startsWith('LIMIT_'))
    return new MicropubError(
      'invalid_request',
      'The form sent more or longer fields than a post needs.',
      undefined,
      413,
    );
  if ((error as NodeJS.ErrnoException).syscall) return diskFullRefusal(error) ?? error;
  return invalidRequest('The upload was interrupted or malformed; nothing was stored.');
}
