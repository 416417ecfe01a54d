/**
 * `npm run import -- <format> <file-or-folder> [--dry-run] [--uploads-dir DIR]
 * [--author-map old=new,...] [--pings keep|drop] [--categories sections|tags]`:
 * the admin's Tools → Import from the terminal, through the same runImport.
 * Bad usage, an unreadable export or a refused option is a CliError, and
 * nothing is written.
 */
import { stat } from 'node:fs/promises';
import { boot } from '#app/boot.ts';
import { disconnectDatabase } from '#app/models/db.ts';
import { openPageCache } from '#app/page-cache/index.ts';
import { uploadDirs } from '#config/uploads.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { parseCommandLine } from '#app/commands/arguments.ts';
import { runImport } from '#app/importers/index.ts';
import { formatReport } from '#app/importers/report-text.ts';
import {
  defaultImportOptions,
  ImportInputError,
  ImportOptionsError,
  importFormats,
  isImportFormat,
  type ImportFormat,
  type ImportOptions,
} from '#app/importers/source.ts';

const usage = `usage: npm run import -- <${importFormats.join('|')}> <file-or-folder> [--dry-run] [--uploads-dir DIR] [--author-map old=new,...] [--pings keep|drop] [--categories sections|tags]`;

const options = {
  'dry-run': { type: 'boolean' },
  'uploads-dir': { type: 'string' },
  'author-map': { type: 'string' },
  pings: { type: 'string' },
  categories: { type: 'string' },
} as const;

export async function importCommand(args: string[]): Promise<void> {
  const { format, path, options: chosen } = await parseImportArguments(args);
  const { config, logger } = await boot();
  // Announcements sweep this host's page cache (the workers share its index); other hosts hear through the database.
  const cache = openPageCache(config, logger);
  try {
    const report = await runImport({
      format,
      path,
      options: chosen,
      uploads: uploadDirs(config),
      onProgress: process.stderr.isTTY ? progressLine() : undefined,
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(formatReport(report));
    await cache.idle();
  } catch (error) {
    if (error instanceof ImportInputError || error instanceof ImportOptionsError)
      throw new CliError(`${error.message}\nNothing was imported.`);
    throw error;
  } finally {
    cache.close();
    await disconnectDatabase();
  }
}

/** The command line as runImport's request; any mistake is a CliError with the usage. */
export async function parseImportArguments(
  args: string[],
): Promise<{ format: ImportFormat; path: string; options: ImportOptions }> {
  const { values, positionals } = parseCommandLine(args, options, usage);
  const [format, path, ...extra] = positionals;
  if (!format || !path || extra.length) throw new CliError(`give a format and a file or folder\n${usage}`);
  if (!isImportFormat(format)) throw new CliError(`unknown format "${format}": use one of ${importFormats.join(', ')}`);
  if (!(await exists(path))) throw new CliError(`no such file or folder: ${path}`);
  if (values['uploads-dir'] !== undefined && !(await exists(values['uploads-dir'])))
    throw new CliError(`--uploads-dir: no such folder: ${values['uploads-dir']}`);
  return {
    format,
    path,
    options: {
      ...defaultImportOptions,
      dryRun: values['dry-run'] ?? false,
      uploadsDir: values['uploads-dir'],
      authorMap: authorMap(values['author-map'] ?? ''),
      pings: choice('--pings', values.pings, ['keep', 'drop'], defaultImportOptions.pings),
      categoriesAs: choice('--categories', values.categories, ['sections', 'tags'], defaultImportOptions.categoriesAs),
    },
  };
}

/** "old=new,other=someone" → a map; anything else is a CliError. */
function authorMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of text.split(',').filter((p) => p.trim())) {
    const match = /^\s*([^=]+?)\s*=\s*([^=]+?)\s*$/.exec(pair);
    if (!match) throw new CliError(`--author-map: expected old=new pairs separated by commas, got "${pair}"`);
    map.set(match[1]!, match[2]!);
  }
  return map;
}

function choice<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new CliError(`${option}: expected ${allowed.join(' or ')}, got "${value}"`);
  return value as T;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** "  42% · 1,234 items", rewritten in place at most ten times a second. */
function progressLine() {
  let last = 0;
  return ({ done, total, items }: { done: number; total: number; items: number }) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
    process.stderr.write(`\r  ${percent}% · ${items.toLocaleString('en')} items`);
  };
}
