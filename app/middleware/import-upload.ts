/**
 * Receives the Tools → Import form (multipart): the export, up to
 * config.importMaxBytes, streamed to disk by multer in the imports folder,
 * and optionally an archive of the old site's uploads. As receiveUploads
 * (uploads.ts) does, it runs the CSRF check it is given on the fields read
 * so far before writing the first file, and again once the body is read,
 * so nothing is written for a forged or anonymous request; any file still
 * in the incoming folder when the response closes is removed then (the
 * model moves what it keeps).
 */
import { mkdirSync } from 'node:fs';
import type multerModule from 'multer';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '#config/environment.ts';
import { importDirs, importFileFields, importFormLimits } from '#config/imports.ts';
import { HttpError } from '#app/middleware/http-errors.ts';
import { diskFullRefusal, UploadRefused } from '#app/middleware/uploads.ts';
import { appContext } from '#app/context.ts';
import { removeFiles } from '#app/models/upload/storage.ts';
import type { ReceivedFile } from '#app/models/import-job.ts';
import { lazy } from '#app/lazy.ts';

const loadMulter = lazy<typeof multerModule>('multer');

export function receiveImportFiles(
  config: Pick<Config, 'dataDir' | 'importMaxBytes'>,
  csrfCheck: RequestHandler,
): RequestHandler {
  let parser: RequestHandler | undefined;
  return (req, res, next) => {
    if (!parser) {
      mkdirSync(importDirs(config).incoming, { recursive: true });
      parser = multipartParser(config, csrfCheck);
    }
    res.once('close', () => {
      removeFiles(multerFiles(req).flatMap((file) => (file.path ? [file.path] : []))).catch((error: unknown) =>
        appContext(req).logger.error({ err: error }, 'could not remove import temp files'),
      );
    });
    parser(req, res, (error: unknown) => {
      if (error) return next(refusal(error, config.importMaxBytes));
      csrfCheck(req, res, next);
    });
  };
}

/** The files the form sent, by field. */
export function importFiles(req: Request): { export?: ReceivedFile; uploads?: ReceivedFile } {
  const received: { export?: ReceivedFile; uploads?: ReceivedFile } = {};
  for (const file of multerFiles(req)) {
    // An empty file field (no file chosen) is no file.
    if (file.size === 0) continue;
    const kept = { path: file.path, originalName: file.originalname };
    if (file.fieldname === importFileFields.export) received.export = kept;
    if (file.fieldname === importFileFields.uploads) received.uploads = kept;
  }
  return received;
}

function multerFiles(req: Request): Express.Multer.File[] {
  const files = req.files;
  if (!files) return [];
  return Array.isArray(files) ? files : Object.values(files).flat();
}

function multipartParser(
  config: Pick<Config, 'dataDir' | 'importMaxBytes'>,
  csrfCheck: RequestHandler,
): RequestHandler {
  const multer = loadMulter();
  return multer({
    storage: multer.diskStorage({ destination: importDirs(config).incoming }),
    limits: { ...importFormLimits, fileSize: config.importMaxBytes, fieldNestingDepth: 0 },
    fileFilter: (req, _file, accept) =>
      csrfCheck(req, req.res as Response, (error?: unknown) => (error ? accept(error as Error) : accept(null, true))),
    defParamCharset: 'utf8',
  }).fields([
    { name: importFileFields.export, maxCount: 1 },
    { name: importFileFields.uploads, maxCount: 1 },
  ]);
}

function refusal(error: unknown, maxBytes: number): unknown {
  if (error instanceof loadMulter().MulterError) {
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return new UploadRefused(
          413,
          `The file is larger than the ${maxBytes / 1_048_576} MB an import may be (FOLIO_IMPORT_MAX_MB). Nothing was imported; the command line (npm run import) takes any size.`,
        );
      case 'LIMIT_UNEXPECTED_FILE':
      case 'LIMIT_FILE_COUNT':
        return new UploadRefused(422, 'Send one export file and at most one uploads archive. Nothing was imported.');
      case 'LIMIT_PART_COUNT':
      case 'LIMIT_FIELD_COUNT':
      case 'LIMIT_FIELD_VALUE':
      case 'LIMIT_FIELD_KEY':
        return new UploadRefused(413, 'The import form sent more than it should. Nothing was imported.');
      default:
        return new UploadRefused(400, 'The import form was malformed. Nothing was imported.');
    }
  }
  if (error instanceof HttpError) return error;
  if ((error as NodeJS.ErrnoException).syscall) return diskFullRefusal(error) ?? error;
  return new UploadRefused(400, 'The upload was interrupted or incomplete. Nothing was imported; please try again.');
}
