/**
 * An import started from the admin (Tools → Import): the uploaded export,
 * the choices made, and where it stands. Its life:
 *   checking (the dry run) → checked (its report shown) → running → done,
 * or failed at either step, with the reason. Both steps run runImport in a
 * process of their own (launch.ts, perform.ts); only one job works at a time.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '#config/environment.ts';
import { importDirs, importSilenceLimitMs } from '#config/imports.ts';
import { db } from '#app/models/db.ts';
import { ValidationError } from '#app/models/validation.ts';
import type { ImportReport } from '#app/importers/report.ts';
import { fileShape, formatFor } from '#app/models/import-job/detect.ts';
import { storedOptions, type ImportFormChoices } from '#app/models/import-job/options.ts';
import { launchJobProcess } from '#app/models/import-job/launch.ts';
import { progressIsDead, readProgress, type JobProgress } from '#app/models/import-job/progress.ts';

export type ImportJob = NonNullable<Awaited<ReturnType<typeof db.importJob.findUnique>>>;
export type ImportJobState = 'uploaded' | 'checking' | 'checked' | 'running' | 'done' | 'failed';

const workingStates = ['checking', 'running'];

/** Another job is working: one import at a time, so two never write over each other. */
export class ImportBusyError extends Error {
  override name = 'ImportBusyError';
}

/** The job cannot do that in its state (run twice, delete while it works). */
export class ImportStateError extends Error {
  override name = 'ImportStateError';
}

export interface ReceivedFile {
  path: string;
  originalName: string;
}

export function jobDir(config: Pick<Config, 'dataDir'>, id: number): string {
  return path.join(importDirs(config).root, String(id));
}

/**
 * Checks the export is something the chosen format can read, keeps the
 * files in the job's folder and starts the dry run. Nothing is kept when
 * the files are refused.
 */
export async function startImportJob(
  received: { export?: ReceivedFile | undefined; uploads?: ReceivedFile | undefined },
  choices: ImportFormChoices,
  userId: number,
  config: Config,
): Promise<ImportJob> {
  if (!received.export) throw new ValidationError({ export: 'Choose the export file to import.' });
  const chosen = formatFor(await fileShape(received.export.path), choices.format);
  if ('problem' in chosen) throw new ValidationError({ export: chosen.problem });
  if (received.uploads && (await fileShape(received.uploads.path)) !== 'archive')
    throw new ValidationError({ uploads: 'The uploads must come as one .zip or .tar.gz archive.' });
  await refuseWhileAnotherWorks(config);
  const job = await db.importJob.create({
    data: {
      format: chosen.format,
      storedPath: '',
      originalName: storableName(received.export.originalName),
      options: JSON.stringify(storedOptions(choices, Boolean(received.uploads))),
      state: 'uploaded',
      userId,
    },
  });
  const dir = jobDir(config, job.id);
  const storedPath = path.join(dir, `export${extensionOf(received.export.originalName)}`);
  const keep = async (file: ReceivedFile, to: string) => {
    await mkdir(dir, { recursive: true });
    await rename(file.path, to);
  };
  await keep(received.export, storedPath).catch(async (error: unknown) => {
    // A folder that cannot be written (a full disk): no job without its file.
    await db.importJob.delete({ where: { id: job.id } });
    throw error;
  });
  if (received.uploads) await keep(received.uploads, uploadsArchivePath(dir));
  await db.importJob.update({ where: { id: job.id }, data: { storedPath } });
  return startProcess(job.id, 'uploaded', 'checking', config);
}

/** Runs a checked job for real; a run that failed may be run again (it resumes, or starts over, as the writer can). */
export async function runImportJob(job: ImportJob, config: Config): Promise<ImportJob> {
  const dryRunPassed = job.state === 'checked' || (job.state === 'failed' && dryRunReport(job) !== null);
  if (!dryRunPassed) throw new ImportStateError(`This import is ${describeState(job.state)}; it cannot be run now.`);
  await refuseWhileAnotherWorks(config);
  return startProcess(job.id, job.state, 'running', config);
}

export function findImportJob(id: number): Promise<ImportJob | null> {
  return db.importJob.findUnique({ where: { id } });
}

export function recentImportJobs(take = 20): Promise<ImportJob[]> {
  return db.importJob.findMany({ orderBy: { id: 'desc' }, take });
}

export interface ImportJobStatus {
  state: ImportJobState;
  progress: JobProgress | null;
  report: ImportReport | null;
  error: string;
}

/**
 * Where the job stands now. A job whose process died (gone from this host,
 * or silent too long) is marked failed here, by the first reader to notice.
 */
export async function importJobStatus(job: ImportJob, config: Config, now = Date.now()): Promise<ImportJobStatus> {
  let current = job;
  let progress: JobProgress | null = null;
  if (workingStates.includes(job.state)) {
    progress = readProgress(jobDir(config, job.id));
    const dead = progress
      ? progressIsDead(progress, importSilenceLimitMs, now)
      : now - job.updatedAt.getTime() > importSilenceLimitMs;
    if (dead) current = await markDead(job);
  }
  return { state: current.state as ImportJobState, progress, report: reportOf(current), error: current.error };
}

/** Removes the job and its files; not while it works. */
export async function deleteImportJob(job: ImportJob, config: Config): Promise<void> {
  if (workingStates.includes((await importJobStatus(job, config)).state))
    throw new ImportStateError('This import is still working; delete it once it has finished.');
  await db.importJob.delete({ where: { id: job.id } });
  await rm(jobDir(config, job.id), { recursive: true, force: true });
}

export function reportOf(job: ImportJob): ImportReport | null {
  return job.report ? (JSON.parse(job.report) as ImportReport) : null;
}

export function describeState(state: string): string {
  const names: Record<string, string> = {
    uploaded: 'uploaded',
    checking: 'being checked (dry run)',
    checked: 'checked, ready to run',
    running: 'running',
    done: 'done',
    failed: 'failed',
  };
  return names[state] ?? state;
}

export function uploadsArchivePath(dir: string): string {
  return path.join(dir, 'uploads-archive');
}

function dryRunReport(job: ImportJob): ImportReport | null {
  const report = reportOf(job);
  return report?.dryRun ? report : null;
}

async function refuseWhileAnotherWorks(config: Config): Promise<void> {
  const working = await db.importJob.findFirst({ where: { state: { in: workingStates } }, orderBy: { id: 'asc' } });
  // A job whose process died does not hold the others up.
  if (!working || !workingStates.includes((await importJobStatus(working, config)).state)) return;
  throw new ImportBusyError(
    `Another import (“${working.originalName}”, ${describeState(working.state)}) is under way. Wait for it to finish, then try again.`,
  );
}

/** Moves the row from `from` to `to` (only if no one else moved it first) and starts the process. */
async function startProcess(id: number, from: string, to: 'checking' | 'running', config: Config): Promise<ImportJob> {
  const moved = await db.importJob.updateMany({
    where: { id, state: from },
    data: { state: to, error: '', progressDone: 0, progressTotal: 0 },
  });
  if (moved.count === 0) throw new ImportStateError('This import was started meanwhile.');
  launchJobProcess(id, jobDir(config, id), config);
  return db.importJob.findUniqueOrThrow({ where: { id } });
}

/** Unless the process finished meanwhile (the row changed since it was read). */
async function markDead(job: ImportJob): Promise<ImportJob> {
  const step = job.state === 'checking' ? 'dry run' : 'import';
  await db.importJob.updateMany({
    where: { id: job.id, state: job.state, updatedAt: job.updatedAt },
    data: {
      state: 'failed',
      error: `The ${step}’s process stopped without finishing (the server restarted, or it ran out of memory). ${
        step === 'import' ? 'Whatever it had not committed was rolled back; run it again to finish.' : 'Start it again.'
      }`,
    },
  });
  return db.importJob.findUniqueOrThrow({ where: { id: job.id } });
}

function extensionOf(name: string): string {
  const lower = name.toLowerCase();
  if (lower.endsWith('.tar.gz')) return '.tar.gz';
  const ext = path.extname(lower);
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '';
}

/** The client's file name, as text the database takes: no control characters, no broken Unicode, not too long. */
function storableName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = Buffer.from(name.replace(/[\u0000-\u001f\u007f]/g, ''), 'utf8').toString('utf8');
  return clean.slice(0, 255) || 'export';
}
