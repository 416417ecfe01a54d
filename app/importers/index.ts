/**
 * Importing another engine's export: `npm run import` and the admin's
 * Tools → Import both call runImport, so both paths run the same code.
 * The source reads (sources/), the writer writes (writer/), in one
 * transaction: an import that fails half way leaves the blog as it was.
 */
import type { ImportFormat, ImportOptions, ReadProgress } from '#app/importers/source.ts';
import type { ImportReport } from '#app/importers/report.ts';

export interface ImportRequest {
  format: ImportFormat;
  /** The export: a file, or a folder (Markdown files). */
  path: string;
  options: ImportOptions;
  /** Called as the source reads (throttled by the caller if it writes somewhere). */
  onProgress?: (progress: ReadProgress & { items: number }) => void;
}

export function runImport(request: ImportRequest): Promise<ImportReport> {
  void request;
  return Promise.reject(new Error('runImport: being written (app/importers/writer/)'));
}
