/**
 * Unpacks an uploaded archive (.zip with yauzl, .tar.gz or .tar with tar)
 * into a job's folder: a Markdown folder, or a copy of the old site's
 * uploads. Only plain files and folders come out (no links, devices or
 * paths outside the folder), and unpacking stops at a size and an entry
 * count, so a zip bomb fills nothing.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ZipFile } from 'yauzl';
import { ImportInputError } from '#app/importers/source.ts';

export interface ArchiveLimits {
  maxBytes: number;
  maxEntries: number;
}

export async function extractArchive(file: string, into: string, limits: ArchiveLimits): Promise<void> {
  await mkdir(into, { recursive: true });
  const head = Buffer.alloc(4);
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (head.equals(Buffer.from('PK\x03\x04', 'latin1'))) await extractZip(file, into, limits);
  else await extractTar(file, into, limits);
}

async function extractZip(file: string, into: string, limits: ArchiveLimits): Promise<void> {
  const yauzl = await import('yauzl');
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw new ImportInputError(`the .zip archive cannot be read: ${(error as Error).message}`);
  }
  const budget = new Budget(limits);
  try {
    for await (const entry of zip.eachEntry()) {
      budget.entry();
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (entry.fileName.endsWith('/') || (mode !== 0 && mode !== 0o100000)) continue;
      const target = inside(into, entry.fileName);
      await mkdir(path.dirname(target), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), budget.meter(), createWriteStream(target));
    }
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    throw new ImportInputError(`the .zip archive cannot be read: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}

async function extractTar(file: string, into: string, limits: ArchiveLimits): Promise<void> {
  const tar = await import('tar');
  const budget = new Budget(limits);
  // A throw inside tar's filter escapes its promise: the first problem is kept, every later entry is left out,
  // and the problem is thrown once tar has finished reading.
  let problem: ImportInputError | undefined;
  try {
    await tar.x({
      file,
      cwd: into,
      strict: true,
      // tar already refuses absolute paths and `..`; only files and folders come out.
      filter: (entryPath, entry) => {
        if (problem) return false;
        const type = 'type' in entry ? entry.type : entry.isFile() ? 'File' : 'Directory';
        if (type !== 'File' && type !== 'OldFile' && type !== 'Directory') return false;
        try {
          budget.entry();
          inside(into, entryPath);
          budget.add(entry.size ?? 0);
          return true;
        } catch (error) {
          problem = error as ImportInputError;
          return false;
        }
      },
    });
  } catch (error) {
    throw new ImportInputError(`the archive is not a .zip or a .tar(.gz) Folio can read: ${(error as Error).message}`);
  }
  if (problem) throw problem;
}

function inside(root: string, name: string): string {
  const target = path.resolve(root, name);
  if (target !== root && !target.startsWith(root + path.sep))
    throw new ImportInputError(`the archive holds a path outside its folder: “${name}”`);
  return target;
}

class Budget {
  private bytes = 0;
  private entries = 0;
  constructor(private readonly limits: ArchiveLimits) {}

  entry(): void {
    if (++this.entries > this.limits.maxEntries)
      throw new ImportInputError(`the archive holds more than ${this.limits.maxEntries} entries`);
  }

  add(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxBytes)
      throw new ImportInputError(`the archive unpacks to more than ${Math.round(this.limits.maxBytes / 1_048_576)} MB`);
  }

  /** Counts the bytes as they are written: a zip's declared sizes are checked by yauzl, this is the backstop. */
  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        try {
          this.add(chunk.length);
          done(null, chunk);
        } catch (error) {
          done(error as Error);
        }
      },
    });
  }
}
