/**
 * The `folio` export: everything the blog holds, in the archive its own
 * importer reads back (layout in folio/format.ts). Each kind of record is
 * written to a staging folder a batch at a time, and packed and streamed as
 * soon as it is complete.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { ExportContext } from '#app/exporters/context.ts';
import { linkInto, openTarball, stagingFolder, writeNdjson } from '#app/exporters/output.ts';
import { archivedRecords } from '#app/exporters/folio/records.ts';
import {
  archiveFormat,
  archiveFormatVersion,
  manifestFile,
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
    // The uploads' own scratch folder (.incoming, when FOLIO_UPLOADS_DIR is shared) holds nothing stored.
    const tarball = openTarball(out, staging.dir, /(^|\/)\.incoming(\/|$)/);
    await mkdir(path.join(staging.dir, 'records'));
    const counts = {} as Record<RecordFile, number>;
    for (const kind of recordFiles) {
      const file = recordPath(kind);
      counts[kind] = await writeNdjson<unknown>(path.join(staging.dir, file), archivedRecords[kind](context.now));
      tarball.add(file);
    }
    if (await linkInto(staging.dir, uploadsFolder, context.uploadsRoot)) tarball.add(uploadsFolder);
    await mkdir(path.join(staging.dir, themeFolder));
    if (await linkInto(path.join(staging.dir, themeFolder), context.theme.name, context.theme.dir))
      tarball.add(`${themeFolder}/${context.theme.name}`);
    // Last, when the counts are known: what was written, not what a count before reading guessed.
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
    await writeFile(path.join(staging.dir, manifestFile), JSON.stringify(manifest, null, 2) + '\n');
    tarball.add(manifestFile);
    await tarball.finish();
    return manifest;
  } finally {
    await staging.discard();
  }
}
