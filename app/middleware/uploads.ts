/**
 * Receives multipart uploads (multer) into a temp dir under the data dir,
 * within the limits of config/uploads.ts. It runs after the sign-in guard.
 * The CSRF token travels in the body (a field before the files, never the
 * URL) or the X-CSRF-Token header, so this parser runs the CSRF check it is
 * given itself: before it writes the first file, and again once the body is
 * read, so nothing is written for a forged or anonymous request.
 * Every failure becomes an UploadRefused with a message a person can act on;
 * a full disk is a 507. Nothing half-written stays: multer removes what it
 * had written (a file cut short by a full disk too) on failure and the
 * Asset model consumes what it is given; as a backstop, any temp file still
 * present when the response closes is removed then, whatever path the
 * request took.
 */
import { mkdirSync } from 'node:fs';
import type multerModule from 'multer';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '#config/environment.ts';
import { uploadDirs, uploadField, uploadLimits } from '#config/uploads.ts';
import { HttpError } from '#app/middleware/http-errors.ts';
import { appContext } from '#app/context.ts';
import { isDiskFull, removeFiles } from '#app/models/upload/storage.ts';
import type { IncomingFile } from '#app/models/upload.ts';
import { lazy } from '#app/lazy.ts';

// Loaded by the first upload, not at boot: reader-only workers never parse multipart bodies.
const loadMulter = lazy<typeof multerModule>('multer');

/** An upload turned away before its files were looked at (limits, interrupted or malformed bodies). */
export class UploadRefused extends HttpError {}

/** `csrfCheck` is the admin's CSRF middleware: it reads the token from the fields parsed so far. */
export function receiveUploads(
  config: Pick<Config, 'dataDir' | 'uploadsDir' | 'uploadMaxBytes'>,
  csrfCheck: RequestHandler,
): RequestHandler {
  // Created now, as multer's disk storage would at construction: the parser itself waits for the first upload.
  mkdirSync(uploadDirs(config).temp, { recursive: true });
  let upload: RequestHandler | undefined;
  return (req, res, next) => {
    upload ??= multipartParser(config, csrfCheck);
    res.once('close', () => {
      // multer unsets `path` on the files it removed itself.
      removeFiles(incomingFiles(req).flatMap((file) => (file.path ? [file.path] : []))).catch((error: unknown) =>
        appContext(req).logger.error({ err: error }, 'could not remove upload temp files'),
      );
    });
    upload(req, res, (error: unknown) => {
      if (error) return next(refusal(error, config.uploadMaxBytes));
      // A body without files (or fields after the last file) is checked here.
      csrfCheck(req, res, next);
    });
  };
}

/** A full disk (or quota) while storing an upload, as the 507 the library page shows; null for any other error. */
export function diskFullRefusal(error: unknown): UploadRefused | null {
  return isDiskFull(error)
    ? new UploadRefused(
        507,
        'The server’s disk is full, so nothing was uploaded. Please tell the site’s operator; the upload can be tried again once there is room.',
      )
    : null;
}

function multipartParser(
  config: Pick<Config, 'dataDir' | 'uploadsDir' | 'uploadMaxBytes'>,
  csrfCheck: RequestHandler,
): RequestHandler {
  const multer = loadMulter();
  return multer({
    storage: multer.diskStorage({ destination: uploadDirs(config).temp }),
    limits: { ...uploadLimits, fileSize: config.uploadMaxBytes, fieldNestingDepth: 0 },
    // Before the first byte of each file is written: the token field precedes the files in the form.
    fileFilter: (req, _file, accept) =>
      csrfCheck(req, req.res as Response, (error?: unknown) => (error ? accept(error as Error) : accept(null, true))),
    // Browsers send UTF-8 file names without saying so.
    defParamCharset: 'utf8',
  }).array(uploadField);
}

/** The files multer received, as the Asset model takes them. */
export function incomingFiles(req: Request): IncomingFile[] {
  const files = Array.isArray(req.files) ? req.files : [];
  return files.map((file) => ({ path: file.path, originalName: file.originalname, size: file.size }));
}

function refusal(error: unknown, maxBytes: number): unknown {
  if (error instanceof loadMulter().MulterError) {
    const name = (error as { filename?: string }).filename;
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return new UploadRefused(
          413,
          `${name ? `“${name}”` : 'A file'} is larger than the ${maxBytes / 1_048_576} MB limit. Nothing was uploaded.`,
        );
      case 'LIMIT_FILE_COUNT':
        return new UploadRefused(413, `Upload at most ${uploadLimits.files} files at a time. Nothing was uploaded.`);
      case 'LIMIT_UNEXPECTED_FILE':
        return new UploadRefused(422, `Files must be sent in the “${uploadField}” field. Nothing was uploaded.`);
      case 'LIMIT_PART_COUNT':
      case 'LIMIT_FIELD_COUNT':
      case 'LIMIT_FIELD_VALUE':
      case 'LIMIT_FIELD_KEY':
        return new UploadRefused(413, 'The upload form sent more fields than it should. Nothing was uploaded.');
      default:
        return new UploadRefused(400, 'The upload form was malformed. Nothing was uploaded.');
    }
  }
  // A refused CSRF check, as it was given.
  if (error instanceof HttpError) return error;
  // A full disk is a 507 the operator can act on; any other disk problem is ours (500), not the client's.
  if ((error as NodeJS.ErrnoException).syscall) return diskFullRefusal(error) ?? error;
  // busboy's parse errors, and the client going away mid-body.
  return new UploadRefused(400, 'The upload was interrupted or incomplete. Nothing was uploaded; please try again.');
}
