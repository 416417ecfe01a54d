/**
 * The upload library (files an author puts in articles). Its URLs stay
 * /admin/assets, as before the rename: the editor's picker and outside
 * clients use them.
 */
import type { NextFunction, Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { securityEvent } from '#app/middleware/security-events.ts';
import { diskFullRefusal, incomingFiles, UploadRefused } from '#app/middleware/uploads.ts';
import { flash, renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import { ensurePageExists, idParam } from '#app/controllers/concerns/params.ts';
import { pageQuery } from '#app/controllers/concerns/form-input.ts';
import { ValidationError } from '#app/models/validation.ts';
import { articlesUsing, deleteUpload, findUploadFor, listUploads, storeUploads } from '#app/models/upload.ts';
import { describeUpload } from '#app/models/upload/links.ts';
import { acceptedLabels } from '#app/models/upload/content-check.ts';
import { uploadDirs, uploadField, uploadLimits } from '#config/uploads.ts';

const perPage = 24;
const pickerPerPage = 12;

/** GET /admin/assets: the library, newest first; `?q=` searches original names. */
export async function index(req: Request, res: Response) {
  await renderLibrary(req, res);
}

/** GET /admin/assets.json: the editor's asset picker (`?q=`, `?page=`). */
export async function search(req: Request, res: Response) {
  const page = pageQuery(req);
  const { uploads: assets, total } = await listUploads(signedInUser(req), {
    query: textQuery(req, 'q'),
    page,
    perPage: pickerPerPage,
  });
  res
    .set('Cache-Control', 'no-store')
    .json({ assets: assets.map(describeUpload), page, totalPages: Math.max(1, Math.ceil(total / pickerPerPage)) });
}

/** POST /admin/assets (multipart, after receiveUploads checked the token): one or several files; a full disk is a 507. */
export async function create(req: Request, res: Response) {
  const assets = await storeUploads(incomingFiles(req), signedInUser(req), uploadDirs(appContext(req).config)).catch(
    (error: unknown) => {
      throw diskFullRefusal(error) ?? error;
    },
  );
  if (wantsJson(req)) return void res.status(201).json({ assets: assets.map(describeUpload) });
  flash(
    req,
    'notice',
    assets.length === 1 ? `Uploaded “${assets[0]!.originalName}”.` : `Uploaded ${assets.length} files.`,
  );
  res.redirect(303, '/admin/assets');
}

/** Error handler for POST /admin/assets: a refused upload shows the library again with the reason (JSON for the picker). */
export async function refused(error: unknown, req: Request, res: Response, next: NextFunction) {
  const status = error instanceof UploadRefused ? error.status : error instanceof ValidationError ? 422 : null;
  if (status === null) return next(error);
  const message = (error as Error).message;
  securityEvent(req, 'upload.refused', { status, reason: message });
  if (wantsJson(req)) return void res.status(status).json({ error: message });
  await renderLibrary(req, res, { status, error: message });
}

/** GET /admin/assets/:id/deletion: asks before deleting, and says where the file is used. */
export async function confirmDeletion(req: Request, res: Response) {
  const user = signedInUser(req);
  const asset = await findUploadFor(user, idParam(req, 'id', 'That upload could not be found.'));
  const usedBy = await articlesUsing(asset, user);
  await renderAdmin(
    req,
    res,
    'uploads/deletion',
    { asset: describeUpload(asset), usedBy },
    { title: 'Delete an upload', section: 'assets' },
  );
}

/** POST /admin/assets/:id/deletion: removes the row and the files. */
export async function destroy(req: Request, res: Response) {
  const asset = await findUploadFor(signedInUser(req), idParam(req, 'id', 'That upload could not be found.'));
  await deleteUpload(asset, uploadDirs(appContext(req).config));
  flash(req, 'notice', `Deleted “${asset.originalName}”.`);
  res.redirect(303, '/admin/assets');
}

async function renderLibrary(req: Request, res: Response, problem: { status: number; error: string } | null = null) {
  const user = signedInUser(req);
  const page = pageQuery(req);
  const { uploads: assets, total, query } = await listUploads(user, { query: textQuery(req, 'q'), page, perPage });
  if (!problem) ensurePageExists(page, assets.length);
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const link = (n: number) =>
    `/admin/assets?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`.replace(
      /\?$/,
      '',
    );
  await renderAdmin(
    req,
    res,
    'uploads/index',
    {
      assets: assets.map((asset) => ({ ...describeUpload(asset), uploader: asset.uploader.displayName })),
      query,
      total,
      page,
      totalPages,
      newerUrl: page > 1 ? link(page - 1) : null,
      olderUrl: page < totalPages ? link(page + 1) : null,
      error: problem?.error ?? null,
      showUploader: user.role === 'admin',
      accepted: acceptedLabels(),
      maxMb: appContext(req).config.uploadMaxBytes / 1_048_576,
      maxFiles: uploadLimits.files,
      field: uploadField,
    },
    { title: 'Uploads', section: 'assets', status: problem?.status },
  );
}

/** The picker asks for JSON; forms get pages. */
function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

function textQuery(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value : '';
}
