/**
 * Writing an export without holding it: every chunk waits for the
 * destination to drain, and archives are packed from a staging folder on
 * disk, streamed as they are packed.
 */
import { createWriteStream } from 'node:fs';
import { lstat, mkdtemp, rm, symlink } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { Pack } from 'tar';

/** Writes a chunk, waiting when the destination's buffer is full. */
export async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await waitForDrain(out);
}

async function waitForDrain(out: Writable): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }).then(() => {
        throw new Error('the export’s destination closed before the export ended');
      }),
    ]);
  } finally {
    ac.abort();
  }
}

/** Writes one JSON document per line to `file`; resolves with how many. */
export async function writeNdjson<T>(file: string, records: AsyncIterable<T>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  try {
    for await (const record of records) {
      await write(out, JSON.stringify(record) + '\n');
      count++;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return count;
}

/** A temporary folder for packing, removed by `discard` whatever happened. */
export async function stagingFolder(): Promise<{ dir: string; discard(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-export-'));
  return { dir, discard: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Makes `target` (a folder outside the staging folder: the uploads, the
 * theme) appear in it as `name`, without copying: the packer follows the link.
 * Nothing happens when the folder does not exist (a blog with no uploads).
 */
export async function linkInto(staging: string, name: string, target: string): Promise<boolean> {
  const stat = await lstat(target).catch(() => null);
  if (!stat?.isDirectory()) return false;
  const link = path.join(staging, name);
  await rm(link, { recursive: true, force: true });
  await symlink(target, link, 'dir');
  return true;
}

/**
 * A .tar.gz of files in the staging folder, streamed to `out` (not ended) as
 * they are added: each file is added once it is complete, so bytes flow while
 * the rest is still being read (a proxy in front of the workers sees
 * progress, not a long silence). Links are followed (uploads, theme).
 */
export function openTarball(out: Writable, staging: string, exclude?: RegExp) {
  const pack = new Pack({
    gzip: true,
    cwd: staging,
    follow: true,
    portable: true,
    filter: exclude ? (file) => !exclude.test(file) : undefined,
  });
  let failure: Error | null = null;
  const streaming = (async () => {
    for await (const chunk of pack as AsyncIterable<Buffer>) await write(out, chunk);
  })().catch((error: unknown) => {
    failure = error instanceof Error ? error : new Error(String(error));
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    /** A file or folder of the staging folder, by its path there. */
    add(entry: string): void {
      check();
      pack.add(entry);
    },
    async finish(): Promise<void> {
      check();
      pack.end();
      await streaming;
      check();
    },
  };
}
