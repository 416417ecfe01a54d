/**
 * The job process's work (`folio import:job --job ID`): one step of an
 * admin import, the dry run or the run, through the same runImport as
 * `npm run import`. It unpacks what came as archives, writes its progress
 * for the admin to poll, and leaves the report, or the reason it failed,
 * on the row.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '#config/environment.ts';
import { archiveExpansionFactor, archiveMaxEntries } from '#config/imports.ts';
import { uploadDirs } from '#config/uploads.ts';
import { runImport } from '#app/importers/index.ts';
import { ImportInputError, type ImportFormat } from '#app/importers/source.ts';
import { db } from '#app/models/db.ts';
import { jobDir, uploadsArchivePath, type ImportJob } from '#app/models/import-job.ts';
import { extractArchive } from '#app/models/import-job/archive.ts';
import { fileShape } from '#app/models/import-job/detect.ts';
import { importOptions, parseStoredOptions } from '#app/models/import-job/options.ts';
import { progressWriter } from '#app/models/import-job/progress.ts';

/** The job is not waiting for a process (it was deleted, or already finished). */
export class NothingToPerform extends Error {
  override name = 'NothingToPerform';
}

/** Runs the step the row asks for; resolves with the state it ended in. */
export async function performImportJob(id: number, config: Config): Promise<'checked' | 'done' | 'failed'> {
  const job = await db.importJob.findUnique({ where: { id } });
  if (!job || (job.state !== 'checking' && job.state !== 'running'))
    throw new NothingToPerform(`import job ${id} is ${job ? job.state : 'gone'}: nothing to do`);
  const dryRun = job.state === 'checking';
  const dir = jobDir(config, id);
  const progress = progressWriter(dir);
  try {
    const stored = parseStoredOptions(job.options);
    const input = await inputOf(job, dir, config);
    const uploadsDir = stored.withUploads ? await unpacked(uploadsArchivePath(dir), dir, 'uploads', config) : undefined;
    const report = await runImport({
      format: job.format as ImportFormat,
      path: input,
      options: importOptions(stored, dryRun, uploadsDir),
      uploads: uploadDirs(config),
      onProgress: (read) => progress.update(read),
    });
    const { done, total } = progress.stop();
    const state = dryRun ? 'checked' : 'done';
    await db.importJob.update({
      where: { id },
      data: { state, report: JSON.stringify(report), error: '', progressDone: done, progressTotal: total },
    });
    return state;
  } catch (error) {
    progress.stop();
    await db.importJob.update({ where: { id }, data: { state: 'failed', error: failureMessage(error, dryRun) } });
    if (!(error instanceof ImportInputError)) console.error(error);
    return 'failed';
  }
}

/** What runImport reads: the export as uploaded, or the folder a Markdown archive holds. */
async function inputOf(job: ImportJob, dir: string, config: Config): Promise<string> {
  if (job.format === 'markdown' && (await fileShape(job.storedPath)) === 'archive')
    return unpacked(job.storedPath, dir, 'folder', config);
  return job.storedPath;
}

/** Unpacked once (by the dry run); the run reuses the folder. */
async function unpacked(archive: string, dir: string, name: string, config: Config): Promise<string> {
  const into = path.join(dir, name);
  if (existsSync(path.join(dir, `${name}.unpacked`))) return into;
  try {
    await extractArchive(archive, into, {
      maxBytes: config.importMaxBytes * archiveExpansionFactor,
      maxEntries: archiveMaxEntries,
    });
  } catch (error) {
    if (error instanceof ImportInputError)
      throw new ImportInputError(`${name === 'uploads' ? 'The uploads archive' : 'The archive'}: ${error.message}`);
    throw error;
  }
  await writeFile(path.join(dir, `${name}.unpacked`), '');
  return into;
}

function failureMessage(error: unknown, dryRun: boolean): string {
  if (error instanceof ImportInputError)
    return `The export could not be read: ${sentence(error.message)} Nothing was imported.`;
  const what = dryRun ? 'The dry run' : 'The import';
  return `${what} stopped on an unexpected error: ${sentence((error as Error).message)} ${
    dryRun ? 'Nothing was written.' : 'Nothing it had not finished was kept; run it again once the cause is fixed.'
  }`;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
