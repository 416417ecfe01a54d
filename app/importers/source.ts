/**
 * A source reads one export (a file, or a folder) and yields records
 * (records.ts) as it reads, never holding the whole export in memory. It
 * writes nothing: the writer does, and a dry run is the same stream with
 * the writer only counting.
 */
import type { ImportedRecord } from '#app/importers/records.ts';

export const importFormats = ['wxr', 'ghost', 'feed', 'markdown', 'typo', 'mephisto', 'folio'] as const;
export type ImportFormat = (typeof importFormats)[number];

export function isImportFormat(value: string): value is ImportFormat {
  return (importFormats as readonly string[]).includes(value);
}

/** What the person importing chose (the CLI's flags, the admin form's fields). */
export interface ImportOptions {
  /** Read and report, write nothing. */
  dryRun: boolean;
  /** A copy of the old site's uploads folder (wp-content/uploads), where attachments are looked up. */
  uploadsDir?: string;
  /** Old login → Folio login (--author-map old=new,...). */
  authorMap: ReadonlyMap<string, string>;
  /** Pingbacks and trackbacks: kept as comments of their kind, or dropped (and counted). */
  pings: 'keep' | 'drop';
  /** WordPress categories as Folio sections (the first one of a post) or as tags. */
  categoriesAs: 'sections' | 'tags';
}

export const defaultImportOptions: ImportOptions = Object.freeze({
  dryRun: false,
  authorMap: new Map<string, string>(),
  pings: 'keep',
  categoriesAs: 'sections',
});

/** Something in the export Folio did not import, and why: it goes in the report, never silently away. */
export interface SkippedItem {
  kind: 'skipped';
  key: string;
  /** What it was ("post", "nav_menu_item", "pingback") and its title, for the report. */
  what: string;
  title: string;
  reason: string;
}

/** A remark about the export as a whole or one item (an unknown shortcode, a missing file), for the report. */
export interface SourceNote {
  kind: 'note';
  /** The item it is about, when it is about one. */
  key?: string;
  message: string;
}

/** The first thing a source yields: which site this is, so re-imports find their records. */
export interface SourceInfo {
  kind: 'source';
  /** Stable across exports of the same site: "wordpress:https://old.example", "ghost:https://...", "feed:<feed id or link>". */
  identity: string;
  /** The old site's title and address, for the report. */
  title: string;
  link: string;
}

export type SourceItem = ImportedRecord | SkippedItem | SourceNote | SourceInfo;

/** How far a source has read, for the progress bar: bytes of the file, or files of a folder. */
export interface ReadProgress {
  done: number;
  total: number;
  unit: 'bytes' | 'files';
}

export interface ImportSource {
  /** Yields SourceInfo first, then the export's items in file order. Bad input throws ImportInputError. */
  items(onRead?: (progress: ReadProgress) => void): AsyncIterable<SourceItem>;
}

/**
 * The export cannot be read: malformed XML or JSON, a truncated file, a
 * file of another format. The message says what and where ("line 1,203,
 * column 7: ..."), in words the person importing can act on.
 */
export class ImportInputError extends Error {
  override name = 'ImportInputError';
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `line ${line}${column === undefined ? '' : `, column ${column}`}: ${message}`);
  }
}

/** The person's choices cannot be honoured (an --author-map naming no Folio user): refused before anything is written. */
export class ImportOptionsError extends Error {
  override name = 'ImportOptionsError';
}
