/** An import report as plain text, for the terminal (the admin renders the same JSON as HTML). */
import type { ImportAction, ImportReport, ReportLine } from '#app/importers/report.ts';

const actions: ImportAction[] = ['created', 'updated', 'unchanged', 'skipped'];
/** Longer lists are cut here, with how many more there are. */
const listedLines = 40;

export function formatReport(report: ImportReport): string {
  const { source } = report;
  const lines = [
    report.dryRun
      ? `Dry run of the ${report.format} import: nothing was written. This is what it would do.`
      : `Imported ${report.format}.`,
    `From: ${source.title || source.identity}${source.link ? ` (${source.link})` : ''}`,
    '',
    ...countsTable(report),
    '',
    `Redirects: ${report.redirects.toLocaleString('en')} old addresses answer 301.`,
  ];
  if (report.createdAuthors.length) {
    lines.push('', `Authors created without a usable password (set one in Users) (${report.createdAuthors.length}):`);
    lines.push(...listed(report.createdAuthors.map((a) => `  ${a.login} (${a.displayName})`)));
  }
  if (report.skipped.length) lines.push('', `Skipped (${report.skipped.length}):`, ...listed(report.skipped.map(line)));
  if (report.notes.length) lines.push('', `Notes (${report.notes.length}):`, ...listed(report.notes.map(line)));
  const items = Object.values(report.counts).reduce(
    (sum, byAction) => sum + Object.values(byAction).reduce((a, b) => a + b, 0),
    0,
  );
  const rate = report.seconds > 0 ? `, ${Math.round(items / report.seconds).toLocaleString('en')} items/s` : '';
  lines.push('', `${items.toLocaleString('en')} items in ${report.seconds} s${rate}.`);
  return lines.join('\n');
}

function countsTable(report: ImportReport): string[] {
  const kinds = Object.keys(report.counts) as (keyof ImportReport['counts'])[];
  if (kinds.length === 0) return ['Nothing to import was found.'];
  const header = ['', ...actions];
  const rows = kinds.map((kind) => [kind, ...actions.map((a) => (report.counts[kind]?.[a] ?? 0).toLocaleString('en'))]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  return [header, ...rows].map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
}

function line(entry: ReportLine): string {
  const title = entry.title ? ` “${entry.title}”` : '';
  const key = entry.key ? ` [${entry.key}]` : '';
  return `  ${entry.what}${title}${key}: ${entry.message}`;
}

function listed(entries: string[]): string[] {
  if (entries.length <= listedLines) return entries;
  return [...entries.slice(0, listedLines), `  … and ${(entries.length - listedLines).toLocaleString('en')} more`];
}
