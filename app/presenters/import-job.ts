/**
 * An admin import as its page and its progress JSON show it: the same
 * object for both, so the page the script reloads into and the numbers it
 * polled never disagree.
 */
import type { ImportedRecordKind } from '#app/importers/records.ts';
import type { ImportAction, ImportReport, ReportLine } from '#app/importers/report.ts';
import type { ImportFormat } from '#app/importers/source.ts';
import { describeState, type ImportJob, type ImportJobStatus } from '#app/models/import-job.ts';
import { formatLabels } from '#app/models/import-job/detect.ts';
import { parseStoredOptions } from '#app/models/import-job/options.ts';

export interface ImportJobView {
  id: number;
  originalName: string;
  format: string;
  formatLabel: string;
  state: ImportJobStatus['state'];
  stateLabel: string;
  /** Whether a process is at work: the page polls (or refreshes itself) until it is not. */
  working: boolean;
  createdAt: Date;
  options: { authorMap: string; pings: string; categoriesAs: string; withUploads: boolean };
  progress: { done: number; total: number; unit: 'bytes' | 'files'; items: number; percent: number | null } | null;
  report: ReportView | null;
  error: string;
  /** A dry run passed and nothing is running: the "Run the import" button. */
  canRun: boolean;
  canDelete: boolean;
  url: string;
}

export interface ReportView {
  raw: ImportReport;
  dryRun: boolean;
  source: ImportReport['source'];
  rows: { kind: string; counts: Record<ImportAction, number> }[];
  createdAuthors: ImportReport['createdAuthors'];
  redirects: number;
  skipped: ReportLine[];
  notes: ReportLine[];
  seconds: number;
}

const kindLabels: Record<ImportedRecordKind, string> = {
  author: 'Authors',
  term: 'Sections and tags',
  article: 'Articles',
  page: 'Pages',
  comment: 'Comments',
  attachment: 'Attachments',
  redirect: 'Redirects',
  settings: 'Settings',
};
const actions: ImportAction[] = ['created', 'updated', 'unchanged', 'skipped'];

export function presentImportJob(job: ImportJob, status: ImportJobStatus): ImportJobView {
  const working = status.state === 'checking' || status.state === 'running';
  const report = status.report ? presentReport(status.report) : null;
  const options = parseStoredOptions(job.options);
  const progress = working && status.progress ? status.progress : null;
  return {
    id: job.id,
    originalName: job.originalName,
    format: job.format,
    formatLabel: formatLabels[job.format as ImportFormat] ?? job.format,
    state: status.state,
    stateLabel: describeState(status.state),
    working,
    createdAt: job.createdAt,
    options: {
      authorMap: options.authorMap.map(([from, to]) => `${from} → ${to}`).join(', '),
      pings: options.pings === 'keep' ? 'kept' : 'dropped',
      categoriesAs: options.categoriesAs,
      withUploads: options.withUploads,
    },
    progress: progress && {
      done: progress.done,
      total: progress.total,
      unit: progress.unit,
      items: progress.items,
      percent: progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : null,
    },
    report,
    error: status.error,
    canRun: status.state === 'checked' || (status.state === 'failed' && report?.dryRun === true),
    canDelete: !working,
    url: `/admin/imports/${job.id}`,
  };
}

function presentReport(report: ImportReport): ReportView {
  const rows = (Object.keys(kindLabels) as ImportedRecordKind[]).flatMap((kind) => {
    const counts = report.counts[kind];
    if (!counts) return [];
    return [
      {
        kind: kindLabels[kind],
        counts: Object.fromEntries(actions.map((action) => [action, counts[action] ?? 0])) as Record<
          ImportAction,
          number
        >,
      },
    ];
  });
  return {
    raw: report,
    dryRun: report.dryRun,
    source: report.source,
    rows,
    createdAuthors: report.createdAuthors,
    redirects: report.redirects,
    skipped: report.skipped,
    notes: report.notes,
    seconds: report.seconds,
  };
}
