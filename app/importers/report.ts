/**
 * What an import did, or (dry run) would do: counts per kind and action,
 * and a line for every item that was skipped or needs the author's eye.
 * The CLI prints it, the admin shows it, ImportJob.report stores it as JSON.
 */
import type { ImportedRecordKind } from '#app/importers/records.ts';

export type ImportAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface ReportLine {
  /** The item's key in the source, when the line is about one item. */
  key?: string;
  /** "post", "page", "comment", "attachment", "shortcode", "author", ... */
  what: string;
  title: string;
  /** Why it was skipped, or what the author should know (imported as draft: it had a password). */
  message: string;
}

export interface ImportReport {
  format: string;
  /** The source's identity and title (SourceInfo). */
  source: { identity: string; title: string; link: string };
  dryRun: boolean;
  /** counts[kind][action]: e.g. counts.article.created = 120. */
  counts: Partial<Record<ImportedRecordKind, Partial<Record<ImportAction, number>>>>;
  /** Authors created without a usable password (they reset it, or an admin sets one). */
  createdAuthors: { login: string; displayName: string }[];
  /** Old addresses that now answer 301. */
  redirects: number;
  skipped: ReportLine[];
  /** Remarks that did not stop the item: a missing attachment file, an unknown shortcode, a password-protected post imported as a draft. */
  notes: ReportLine[];
  /** How long it took, and how fast, for the closing line ("20,000 articles in 41 s"). */
  seconds: number;
}

export function emptyReport(format: string, dryRun: boolean): ImportReport {
  return {
    format,
    source: { identity: '', title: '', link: '' },
    dryRun,
    counts: {},
    createdAuthors: [],
    redirects: 0,
    skipped: [],
    notes: [],
    seconds: 0,
  };
}

export function count(report: ImportReport, kind: ImportedRecordKind, action: ImportAction): void {
  const byAction = (report.counts[kind] ??= {});
  byAction[action] = (byAction[action] ?? 0) + 1;
}
