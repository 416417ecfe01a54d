/**
 * What the writer's facets share while one import runs: the transaction,
 * the report, and small maps from a record's key to the Folio row it became
 * (never the records themselves: the export streams through).
 */
import type { Prisma } from '#app/models/db.ts';
import type { ImportOptions } from '#app/importers/source.ts';
import type { ImportReport, ReportLine } from '#app/importers/report.ts';
import type { ImportedRedirect } from '#app/importers/records.ts';
import type { UploadDirs } from '#config/uploads.ts';
import type { ImportedRow } from '#app/importers/writer/identity.ts';
import type { AttachmentIndex } from '#app/importers/writer/links.ts';

export type TermTarget = { type: 'section' | 'tag'; id: number; name: string };

export interface WriterContext {
  readonly tx: Prisma.TransactionClient;
  readonly report: ImportReport;
  readonly options: ImportOptions;
  /** The blog's time zone (for permalink days the source did not give) and the import's clock. */
  readonly timeZone: string;
  readonly now: Date;
  readonly dirs: UploadDirs;
  /** Installed theme names: an imported settings record may only choose one of them. */
  readonly themes: readonly string[];
  /** Stored upload files, removed if the import rolls back. */
  readonly placedFiles: string[];
  /** The source's identity, from its SourceInfo (the first item). */
  source: string;
  /** This source's earlier imports: key → row, loaded once. */
  imported: Map<string, ImportedRow>;
  authors: Map<string, number>;
  terms: Map<string, TermTarget>;
  articles: Map<string, number>;
  pages: Map<string, number>;
  comments: Map<string, { id: number; authorName: string }>;
  attachments: AttachmentIndex;
  /** Rows written (created or updated) in this run, for the link rewrite and the comment counts. */
  touched: { articles: Set<number>; pages: Set<number>; commentsOf: Set<number>; attachments: number };
  /** Redirect records wait for the end: their targets may come later in the stream. */
  redirects: ImportedRedirect[];
  /** A comment kept its old id: PostgreSQL's sequence must move past it after the commit. */
  keptIds: boolean;
  fallbackAuthorId?: number;
}

export function note(context: WriterContext, line: Omit<ReportLine, 'title'> & { title?: string }): void {
  context.report.notes.push({ title: '', ...line });
}

export function skip(context: WriterContext, line: ReportLine): void {
  context.report.skipped.push(line);
}
