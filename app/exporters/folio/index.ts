/**
 * The `folio` export: everything the blog holds, in the archive its own
 * importer reads back (layout in folio/format.ts). Records are written to
 * a staging folder a batch at a time, then packed and streamed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { ExportContext } from '#app/exporters/context.ts';
import { linkInto, stagingFolder, writeNdjson, writeTarball } from '#app/exporters/output.ts';
import { archivedRecords } from '#app/exporters/folio/records.ts';
import {
  archiveFormat,
  archiveFormatVersion,
  recordFiles,
  recordPath,
  themeFolder,
  uploadsFolder,
  type FolioManifest,
  type RecordFile,
} from '#app/exporters/folio/format.ts';
import { currentSettings } from '#app/models/settings.ts';

export async function writeFolioArchive(out: Writable, context: ExportContext): Promise<FolioManifest> {
  const staging = await stagingFolder();
  try {
    await mkdir(path.join(staging.dir, 'records'));
    const counts = {} as Record<RecordFile, number>;
    for (const kind of recordFiles)
      counts[kind] = await writeNdjson<unknown>(
        path.join(staging.dir, recordPath(kind)),
        archivedRecords[kind](context.now),
      );
    const manifest: FolioManifest = {
      format: archiveFormat,
      formatVersion: archiveFormatVersion,
      folioVersion: context.folioVersion,
      exportedAt: context.now.toISOString(),
      baseUrl: context.baseUrl,
      blogTitle: (await currentSettings()).blogTitle,
      database: context.databaseKind,
      theme: context.theme.name,
      counts,
    };
    await writeFile(path.join(staging.dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    const entries = ['manifest.json', ...recordFiles.map(recordPath)];
    if (await linkInto(staging.dir, uploadsFolder, context.uploadsRoot)) entries.push(uploadsFolder);
    await mkdir(path.join(staging.dir, themeFolder));
    if (await linkInto(path.join(staging.dir, themeFolder), context.theme.name, context.theme.dir))
      entries.push(`${themeFolder}/${context.theme.name}`);
    // The uploads' own scratch folder (.incoming, when FOLIO_UPLOADS_DIR is shared) holds nothing stored.
    await writeTarball(out, staging.dir, entries, /(^|\/)\.incoming(\/|$)/);
    return manifest;
  } finally {
    await staging.discard();
  }
}
