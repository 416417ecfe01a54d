/**
 * Opening a Folio archive (app/exporters/folio/format.ts): the .tar.gz is
 * unpacked, streaming, into a temporary folder (regular files and folders
 * only, every path kept inside it), then its manifest is checked and its
 * record files are read a line at a time.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar';
import { ImportInputError } from '#app/importers/source.ts';
import {
  archiveFormat,
  archiveFormatVersion,
  recordPath,
  type FolioManifest,
  type RecordFile,
} from '#app/exporters/folio/format.ts';

export interface UnpackedArchive {
  dir: string;
  manifest: FolioManifest;
  discard(): Promise<void>;
}

export async function unpackArchive(file: string): Promise<UnpackedArchive> {
  await refuseNonGzip(file);
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-import-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(
      createReadStream(file),
      extract({
        cwd: dir,
        strict: true,
        // Links could point outside the folder; an archive of ours holds none.
        filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
      }),
    );
    return { dir, manifest: await readManifest(dir), discard };
  } catch (error) {
    await discard();
    if (error instanceof ImportInputError) throw error;
    throw new ImportInputError(
      `the archive is damaged or truncated (${(error as Error).message}); export the blog again`,
    );
  }
}

/** One record a line; a bad line names its file and line number. */
export async function* readRecords<T>(
  dir: string,
  kind: RecordFile,
  onBytes: (bytes: number) => void,
): AsyncGenerator<T> {
  const file = path.join(dir, recordPath(kind));
  const exists = await stat(file).catch(() => null);
  if (!exists) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    onBytes(Buffer.byteLength(line) + 1);
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as T;
    } catch (error) {
      throw new ImportInputError(`${recordPath(kind)}: ${(error as Error).message}`, number);
    }
  }
}

/** The record files' total size, for the progress bar. */
export async function recordBytes(dir: string, kinds: readonly RecordFile[]): Promise<number> {
  let total = 0;
  for (const kind of kinds) total += (await stat(path.join(dir, recordPath(kind))).catch(() => null))?.size ?? 0;
  return total;
}

async function refuseNonGzip(file: string): Promise<void> {
  const handle = await open(file, 'r').catch(() => {
    throw new ImportInputError(`cannot read ${file}`);
  });
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead < 2 || buffer[0] !== 0x1f || buffer[1] !== 0x8b)
      throw new ImportInputError(
        'this is not a Folio archive: expected the .tar.gz that `npm run export` (format folio) writes',
      );
  } finally {
    await handle.close();
  }
}

async function readManifest(dir: string): Promise<FolioManifest> {
  const text = await readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => null);
  if (text === null)
    throw new ImportInputError('this .tar.gz has no manifest.json: it is not a Folio archive (format folio)');
  let manifest: Partial<FolioManifest>;
  try {
    manifest = JSON.parse(text) as Partial<FolioManifest>;
  } catch (error) {
    throw new ImportInputError(`manifest.json: ${(error as Error).message}`);
  }
  if (manifest.format !== archiveFormat)
    throw new ImportInputError('manifest.json does not describe a Folio archive (format folio)');
  if (typeof manifest.formatVersion !== 'number' || manifest.formatVersion > archiveFormatVersion)
    throw new ImportInputError(
      `the archive is format version ${String(manifest.formatVersion)}, newer than this Folio reads (${archiveFormatVersion}): upgrade Folio, then import`,
    );
  if (typeof manifest.baseUrl !== 'string') throw new ImportInputError('manifest.json has no baseUrl');
  return manifest as FolioManifest;
}
