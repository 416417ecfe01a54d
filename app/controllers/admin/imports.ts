/**
 * Tools → Import: upload another engine's export, read its dry-run report,
 * run it, watch it go. The work runs in a process of its own (the
 * ImportJob model starts it); these actions only start, show and remove.
 */
import type { NextFunction, Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { HttpError, orNotFound } from '#app/middleware/http-errors.ts';
import { UploadRefused } from '#app/middleware/uploads.ts';
import { importFiles } from '#app/middleware/import-upload.ts';
import { securityEvent } from '#app/middleware/security-events.ts';
import { flash, renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import { idParam } from '#app/controllers/concerns/params.ts';
import { ValidationError } from '#app/models/validation.ts';
import {
  deleteImportJob,
  findImportJob,
  ImportBusyError,
  ImportStateError,
  importJobStatus,
  recentImportJobs,
  runImportJob,
  startImportJob,
  type ImportJob,
} from '#app/models/import-job.ts';
import { importFormChoices } from '#app/models/import-job/options.ts';
import { formatLabels } from '#app/models/import-job/detect.ts';
import { presentImportJob } from '#app/presenters/import-job.ts';
import { importFileFields } from '#config/imports.ts';

/** GET /admin/imports: the form, and the recent imports. */
export async function index(req: Request, res: Response) {
  await renderForm(req, res);
}

/** POST /admin/imports (multipart, after receiveImportFiles checked the token): keeps the files, starts the dry run. */
export async function create(req: Request, res: Response) {
  const { config } = appContext(req);
  const choices = importFormChoices(req.body);
  const job = await startImportJob(importFiles(req), choices, signedInUser(req).id, config).catch(conflictAs409);
  res.redirect(303, `/admin/imports/${job.id}`);
}

/** Error handler for POST /admin/imports: the form again, with what was wrong and the choices made. */
export async function refused(error: unknown, req: Request, res: Response, next: NextFunction) {
  const status =
    error instanceof UploadRefused || error instanceof HttpError
      ? error.status
      : error instanceof ValidationError
        ? 422
        : null;
  if (status === null || status === 401 || status === 403) return next(error);
  const message = (error as Error).message;
  securityEvent(req, 'upload.refused', { form: 'import', status, reason: message });
  await renderForm(req, res, { status, error: message });
}

/** GET /admin/imports/:id: the job; while it works, its progress. */
export async function show(req: Request, res: Response) {
  const job = await loadJob(req);
  const view = presentImportJob(job, await importJobStatus(job, appContext(req).config));
  await renderAdmin(
    req,
    res,
    'imports/show',
    { job: view },
    { title: `Import: ${job.originalName}`, section: 'imports' },
  );
}

/** GET /admin/imports/:id/progress: what the page's script polls. */
export async function progress(req: Request, res: Response) {
  const job = await loadJob(req);
  const status = await importJobStatus(job, appContext(req).config);
  // A poll changes nothing, so it leaves the session alone: express-session then neither touches its row nor
  // re-sends the cookie, and polls never wait on SQLite's one write lock, which the import's transaction holds.
  (req as { session?: unknown }).session = undefined;
  res.set('Cache-Control', 'no-store').json({
    state: status.state,
    done: status.progress?.done ?? job.progressDone,
    total: status.progress?.total ?? job.progressTotal,
    unit: status.progress?.unit ?? 'bytes',
    items: status.progress?.items ?? 0,
    report: status.state === 'checked' || status.state === 'done' ? status.report : null,
    error: status.error,
  });
}

/** POST /admin/imports/:id/run: the import itself, after its dry run. */
export async function run(req: Request, res: Response) {
  const job = await loadJob(req);
  await runImportJob(job, appContext(req).config).catch(conflictAs409);
  res.redirect(303, `/admin/imports/${job.id}`);
}

/** POST /admin/imports/:id/deletion: the job and its files (what it imported stays). */
export async function destroy(req: Request, res: Response) {
  const job = await loadJob(req);
  await deleteImportJob(job, appContext(req).config).catch(conflictAs409);
  flash(req, 'notice', `Removed the import of “${job.originalName}” and its files.`);
  res.redirect(303, '/admin/imports');
}

async function loadJob(req: Request): Promise<ImportJob> {
  const message = 'That import could not be found.';
  return orNotFound(await findImportJob(idParam(req, 'id', message)), message);
}

function conflictAs409(error: unknown): never {
  if (error instanceof ImportBusyError || error instanceof ImportStateError) throw new HttpError(409, error.message);
  throw error;
}

async function renderForm(req: Request, res: Response, problem: { status: number; error: string } | null = null) {
  const { config } = appContext(req);
  const jobs = await recentImportJobs();
  const views = await Promise.all(jobs.map(async (job) => presentImportJob(job, await importJobStatus(job, config))));
  const body = ((problem ? req.body : null) ?? {}) as Record<string, unknown>;
  await renderAdmin(
    req,
    res,
    'imports/index',
    {
      jobs: views,
      formats: Object.entries(formatLabels),
      fields: importFileFields,
      chosen: {
        format: text(body.format, 'detect'),
        pings: text(body.pings, 'keep'),
        categoriesAs: text(body.categoriesAs, 'sections'),
        authorMap: text(body.authorMap, ''),
      },
      maxMb: config.importMaxBytes / 1_048_576,
      error: problem?.error ?? null,
    },
    { title: 'Import', section: 'imports', status: problem?.status },
  );
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
