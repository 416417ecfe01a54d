/**
 * `tail -F` for one log file, read on demand: each read() hands over the
 * lines appended since the last one. It follows the file through what log
 * rotation does to it:
 *
 * - not there yet: nothing to read; once it is created, it is read from its start;
 * - replaced (logrotate's create: moved away, a new file at the path): the old
 *   file is read to its end, then the new one from its start; the old one is
 *   still read for a while, as the web server writes to it until its reload;
 * - truncated in place (copytruncate: smaller than where we were): read again from its start.
 *
 * Where the first read starts: the file's end as it was when the tail was
 * opened, so a restart never counts old lines twice. A read takes at most
 * `maxBytesPerRead`, in chunks of `chunkBytes`; a backlog larger than that is
 * left for the next reads.
 */
import { statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LineBuffer } from '#app/monitor/cache-hits/line-buffer.ts';

export interface LogTailOptions {
  readonly chunkBytes?: number;
  readonly maxBytesPerRead?: number;
  /** Longer lines are dropped (counted in `droppedLines`). */
  readonly maxLineBytes?: number;
}

/** What one read went through, for the log. */
export interface TailRead {
  readonly bytes: number;
  /** More is waiting than this read took. */
  readonly more: boolean;
  readonly rotated: boolean;
  readonly truncated: boolean;
  readonly droppedLines: number;
}

export interface LogTail {
  /** Calls `onLine` with each whole line appended since the last read (latin1: one char per byte). */
  read(onLine: (line: string) => void): Promise<TailRead>;
  close(): Promise<void>;
}

/** A retired file is closed once this many reads in a row found nothing new in it. */
const retiredQuietReads = 2;

interface Cursor {
  readonly handle: FileHandle;
  readonly ino: number;
  readonly dev: number;
  offset: number;
  readonly lines: LineBuffer;
  quietReads: number;
}

export function openLogTail(file: string, options: LogTailOptions = {}): LogTail {
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  const maxBytesPerRead = options.maxBytesPerRead ?? 32 * 1024 * 1024;
  const maxLineBytes = options.maxLineBytes ?? 64 * 1024;
  let startAt: Stats | undefined = statSync(file, { throwIfNoEntry: false });
  let current: Cursor | null = null;
  let retired: Cursor | null = null;
  const buffer = Buffer.alloc(chunkBytes);

  /** Reads `cursor`'s file from its offset to its end, or until `budget` bytes were read. */
  async function drain(cursor: Cursor, budget: number, onLine: (line: string) => void) {
    let bytes = 0;
    while (bytes < budget) {
      const { bytesRead } = await cursor.handle.read(buffer, 0, Math.min(chunkBytes, budget - bytes), cursor.offset);
      if (bytesRead === 0) return { bytes, atEnd: true };
      cursor.offset += bytesRead;
      bytes += bytesRead;
      cursor.lines.push(buffer.subarray(0, bytesRead), onLine);
    }
    return { bytes, atEnd: false };
  }

  async function openCurrent(): Promise<Cursor | null> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const stats = await handle.stat();
    const sameFile = startAt !== undefined && startAt.ino === stats.ino && startAt.dev === stats.dev;
    const offset = sameFile ? Math.min(startAt!.size, stats.size) : 0;
    startAt = undefined;
    return { handle, ino: stats.ino, dev: stats.dev, offset, lines: new LineBuffer(maxLineBytes), quietReads: 0 };
  }

  /** The file now at the path is another one than `cursor`'s (or there is none). */
  async function replaced(cursor: Cursor): Promise<'replaced' | 'gone' | 'same'> {
    const now = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!now) return 'gone';
    return now.ino === cursor.ino && now.dev === cursor.dev ? 'same' : 'replaced';
  }

  return {
    async read(onLine) {
      let budget = maxBytesPerRead;
      let rotated = false;
      let truncated = false;
      let dropped = 0;
      if (retired) {
        const { bytes, atEnd } = await drain(retired, budget, onLine);
        budget -= bytes;
        retired.quietReads = bytes === 0 ? retired.quietReads + 1 : 0;
        if (atEnd && retired.quietReads >= retiredQuietReads) {
          dropped += retired.lines.takeDropped();
          await retired.handle.close();
          retired = null;
        }
      }
      current ??= await openCurrent();
      while (current && budget > 0) {
        if ((await current.handle.stat()).size < current.offset) {
          truncated = true;
          current.offset = 0;
          current.lines.reset();
        }
        let drained: { bytes: number; atEnd: boolean };
        try {
          drained = await drain(current, budget, onLine);
        } catch (error) {
          if ((await replaced(current)) === 'same') throw error;
          // What we had open is broken and no longer the log (a directory was there): the new file from its start.
          await current.handle.close().catch(() => {});
          current = await openCurrent();
          continue;
        }
        const { bytes, atEnd } = drained;
        budget -= bytes;
        dropped += current.lines.takeDropped();
        if (!atEnd || (await replaced(current)) !== 'replaced') break;
        // Rotated: the old file keeps being read (the server may still write to it), the new one from its start.
        rotated = true;
        if (retired) await retired.handle.close();
        retired = current;
        current = await openCurrent();
      }
      return { bytes: maxBytesPerRead - budget, more: budget === 0, rotated, truncated, droppedLines: dropped };
    },
    async close() {
      const open = [current, retired];
      current = retired = null;
      for (const cursor of open) await cursor?.handle.close();
    },
  };
}
