/**
 * The admin's Tools → Import: where uploaded exports wait, and the form's
 * limits. The export's size limit comes from the environment
 * (FOLIO_IMPORT_MAX_MB, config.importMaxBytes); the rest is fixed here.
 */
import path from 'node:path';
import type { Config } from '#config/environment.ts';

/** The form's file fields: the export itself, and an optional archive of the old site's uploads. */
export const importFileFields = Object.freeze({ export: 'export', uploads: 'uploads' });

/** Per-request limits handed to multer (busboy): two files, a handful of short fields. */
export const importFormLimits = Object.freeze({
  files: 2,
  fields: 8,
  /** The author map is the longest field: "old=new" pairs, one a line. */
  fieldSize: 16 * 1024,
  fieldNameSize: 100,
  parts: 12,
  headerPairs: 20,
});

/** Unpacking an archive (a Markdown folder, an uploads folder) stops at this many times the upload limit: a zip bomb stops here. */
export const archiveExpansionFactor = 4;
/** ... and at this many entries. */
export const archiveMaxEntries = 200_000;

/** A job process that has said nothing for this long is taken for dead (it writes at least every few seconds). */
export const importSilenceLimitMs = 120_000;
/** How often the job process writes its progress (the admin polls at about the same rate). */
export const importProgressIntervalMs = 250;

export interface ImportDirs {
  /** One folder per job: `<root>/<id>/`. */
  readonly root: string;
  /** Files while the form is received, before the job exists; same filesystem, so the move is a rename. */
  readonly incoming: string;
}

/** Under the data dir, never the uploads dir: exports hold drafts, e-mail addresses and password hashes of another engine. */
export function importDirs(config: Pick<Config, 'dataDir'>): ImportDirs {
  const root = path.join(config.dataDir, 'imports');
  return Object.freeze({ root, incoming: path.join(root, 'incoming') });
}
