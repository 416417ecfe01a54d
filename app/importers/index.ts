/**
 * Importing another engine's export: `npm run import` and the admin's
 * Tools → Import both call runImport, so both paths run the same code.
 * The source reads (sources/), the writer writes (writer/), in one
 * transaction: an import that fails half way leaves the blog as it was,
 * and a dry run is the same run rolled back at the end (so its report is
 * what the real run would do, every write checked).
 */
import { db, database } from '#app/models/db.ts';
import { announce } from '#app/models/changes.ts';
import { redirectsChanged } from '#app/models/redirect.ts';
import { currentSettings, forgetSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';
import { removeFiles } from '#app/models/upload/storage.ts';
import { loadThemes } from '#app/themes/registry.ts';
import type { UploadDirs } from '#config/uploads.ts';
import type { ImportFormat, ImportOptions, ImportSource, ReadProgress } from '#app/importers/source.ts';
import { emptyReport, type ImportReport } from '#app/importers/report.ts';
import { openSource } from '#app/importers/sources/index.ts';
import { openWriter } from '#app/importers/writer/index.ts';

export interface ImportRequest {
  format: ImportFormat;
  /** The export: a file, or a folder (Markdown files). */
  path: string;
  options: ImportOptions;
  /** Where uploads are stored (config/uploads.ts uploadDirs): attachments become uploads. */
  uploads: UploadDirs;
  /** Installed theme names, which an imported settings record may choose from (default: views/themes). */
  themes?: readonly string[];
  /** Called as the source reads (throttled by the caller if it writes somewhere). */
  onProgress?: (progress: ReadProgress & { items: number }) => void;
}

/** The longest an import may hold its transaction (20,000 posts take well under this). */
const transactionTimeoutMs = 60 * 60 * 1000;

export async function runImport(request: ImportRequest): Promise<ImportReport> {
  return importFrom(await openSource(request.format, request.path, request.options), request);
}

/** runImport with the source already open (the format registry's, or a test's). */
export async function importFrom(
  source: ImportSource,
  request: Omit<ImportRequest, 'format' | 'path'> & { format: string },
): Promise<ImportReport> {
  const started = performance.now();
  const { options } = request;
  const report = emptyReport(request.format, options.dryRun);
  const { timeZone } = await currentSettings();
  const themes = request.themes ?? [...loadThemes().keys()];
  const placedFiles: string[] = [];
  let keptIds = false;
  try {
    await db.$transaction(
      async (tx) => {
        // A write first, matching nothing: on SQLite it takes the write lock now. A transaction that read
        // first could not take it later if another write (a comment, a session) had come in between.
        await tx.importedRecord.deleteMany({ where: { id: -1 } });
        const writer = await openWriter({
          tx,
          report,
          options,
          timeZone,
          now: new Date(),
          dirs: request.uploads,
          themes,
          placedFiles,
        });
        let items = 0;
        const onRead = request.onProgress && ((progress: ReadProgress) => request.onProgress!({ ...progress, items }));
        for await (const item of source.items(onRead)) {
          await writer.write(item);
          items += 1;
        }
        await writer.finish();
        keptIds = writer.keptIds;
        if (options.dryRun) throw new DryRunDone();
      },
      { timeout: transactionTimeoutMs, maxWait: 60_000 },
    );
  } catch (error) {
    // Rolled back: the files stored for its uploads go too.
    await removeFiles(placedFiles);
    if (!(error instanceof DryRunDone)) throw error;
  }
  if (!options.dryRun) await afterCommit(keptIds);
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}

/** Sequences past kept ids, fresh caches, and every cached page expired once (an import touches everything). */
async function afterCommit(keptIds: boolean): Promise<void> {
  if (keptIds) await database().resetIdSequences(['Comment']);
  forgetSettings();
  forgetNavigation();
  await announce({ type: 'article', id: null });
  await announce({ type: 'section', id: null });
  await redirectsChanged();
}

/** Thrown at the end of a dry run to roll everything back. */
class DryRunDone extends Error {}
