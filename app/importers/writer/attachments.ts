/**
 * Attachments: the old file (under --uploads-dir, or a path the source
 * resolved) is stored as a Folio upload by the admin's own checks and
 * re-encoding. A missing or refused file is reported; the import goes on.
 * A dry run only checks that the file is there.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportedAttachment } from '#app/importers/records.ts';
import { storeImportedUpload, cleanOriginalName } from '#app/models/upload.ts';
import { count } from '#app/importers/report.ts';
import { digestOf, writeOnce } from '#app/importers/writer/identity.ts';
import { note, skip, type WriterContext } from '#app/importers/writer/context.ts';
import { fallbackAuthor } from '#app/importers/writer/authors.ts';
import { addAttachment } from '#app/importers/writer/links.ts';
import { addRedirect, addRedirects } from '#app/importers/writer/redirects.ts';

export async function writeAttachment(context: WriterContext, record: ImportedAttachment): Promise<void> {
  const { tx, options } = context;
  const title = record.title || path.basename(record.relativePath);
  const file = filePath(record.relativePath, options.uploadsDir);
  const size = file ? await sizeOf(file) : null;
  if (!file || size === null) {
    count(context.report, 'attachment', 'skipped');
    note(context, {
      key: record.key,
      what: 'attachment',
      title,
      message: file ? `file not found: ${file}` : `no --uploads-dir given to find ${record.relativePath} in`,
    });
    return;
  }
  const digest = digestOf({ record, size });
  if (options.dryRun) {
    const previous = context.imported.get(record.key);
    count(context.report, 'attachment', !previous ? 'created' : previous.digest === digest ? 'unchanged' : 'updated');
    return;
  }
  const uploaderId = (record.uploaderKey && context.authors.get(record.uploaderKey)) || (await fallbackAuthor(context));
  let written: { id: number; action: string };
  try {
    written = await writeOnce(context, {
      kind: 'attachment',
      recordType: 'asset',
      key: record.key,
      digest,
      exists: async (id) => Boolean(await tx.asset.findUnique({ where: { id }, select: { id: true } })),
      write: async () => {
        const stored = await storeImportedUpload(
          tx,
          { path: file, originalName: cleanOriginalName(path.basename(file)), createdAt: record.createdAt },
          uploaderId,
          context.dirs,
          (paths) => context.placedFiles.push(...paths),
        );
        if ('refusal' in stored) throw new Refused(stored.refusal);
        return { id: stored.id };
      },
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    count(context.report, 'attachment', 'skipped');
    skip(context, { key: record.key, what: 'attachment', title, message: `the file was refused: ${error.message}` });
    return;
  }
  const { id, action } = written;
  const asset = await tx.asset.findUniqueOrThrow({ where: { id }, select: { storedName: true } });
  addAttachment(context.attachments, record.url, asset.storedName);
  if (action !== 'unchanged') context.touched.attachments += 1;
  const target = { targetType: 'url' as const, toUrl: `/uploads/${asset.storedName}` };
  await addRedirect(context, record.key, record.url, target);
  await addRedirects(context, record, target);
}

/** Under the uploads dir (never outside it), or an absolute path a source resolved itself. */
function filePath(relativePath: string, uploadsDir: string | undefined): string | null {
  if (path.isAbsolute(relativePath)) return relativePath;
  if (!uploadsDir) return null;
  const root = path.resolve(uploadsDir);
  const full = path.resolve(root, relativePath);
  return full.startsWith(root + path.sep) ? full : null;
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

class Refused extends Error {}
