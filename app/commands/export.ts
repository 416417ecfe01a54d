/**
 * `npm run export -- [--format folio|wxr|markdown] [--out FILE]`: the whole
 * blog as one file (app/exporters/). The default file is named after the
 * blog, the format and the day, in the current folder; `--out -` writes to
 * standard output. A file is written beside its final name and renamed when
 * complete, so a failed export never leaves a truncated file behind.
 */
import { createWriteStream } from 'node:fs';
import { rm, rename, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { boot } from '#app/boot.ts';
import { disconnectDatabase } from '#app/models/db.ts';
import { parseOptions } from '#app/commands/arguments.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { loadThemes } from '#app/themes/registry.ts';
import { exportContext } from '#app/exporters/context.ts';
import { exportFileName, exportFormats, isExportFormat, writeExport, type ExportFormat } from '#app/exporters/index.ts';
import { write } from '#app/exporters/output.ts';

const usage = `usage: npm run export -- [--format ${exportFormats.join('|')}] [--out FILE|-]`;

export async function exportBlog(args: string[]): Promise<void> {
  const values = parseOptions(args, { format: { type: 'string' }, out: { type: 'string' } }, usage);
  const format = values.format ?? 'folio';
  if (!isExportFormat(format))
    throw new CliError(`--format: expected one of ${exportFormats.join(', ')}, got "${format}"\n${usage}`);
  if (values.out === '') throw new CliError(`--out: give a file name, or - for standard output\n${usage}`);
  const out = values.out ?? null;
  if (out !== null && out !== '-') await refuseUnwritable(path.resolve(out));

  // The log is JSON lines on stdout: silent when stdout carries the export itself.
  const { config } = await boot(out === '-' ? { ...process.env, LOG_LEVEL: 'silent' } : process.env);
  try {
    const context = await exportContext(config, loadThemes());
    if (out === '-') {
      await writeExport(format, process.stdout, context);
      await write(process.stdout, '');
      return;
    }
    const file = path.resolve(out ?? exportFileName(format, context));
    await exportToFile(format, file, context);
    console.error(`exported ${format} to ${file} (${megabytes((await stat(file)).size)})`);
  } finally {
    await disconnectDatabase();
  }
}

async function exportToFile(
  format: ExportFormat,
  file: string,
  context: Awaited<ReturnType<typeof exportContext>>,
): Promise<void> {
  const partial = `${file}.partial`;
  const stream = createWriteStream(partial, { flags: 'wx' });
  try {
    await once(stream, 'open');
    await writeExport(format, stream, context);
    stream.end();
    await once(stream, 'close');
    await rename(partial, file);
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** Checked before the export starts, so a typo costs nothing. */
async function refuseUnwritable(file: string): Promise<void> {
  const existing = await stat(file).catch(() => null);
  if (existing?.isDirectory()) throw new CliError(`--out: ${file} is a folder; give a file name`);
  if (existing) throw new CliError(`--out: ${file} already exists; give a new file name`);
  const parent = await stat(path.dirname(file)).catch(() => null);
  if (!parent?.isDirectory()) throw new CliError(`--out: the folder ${path.dirname(file)} does not exist`);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
