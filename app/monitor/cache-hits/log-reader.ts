/**
 * The supervisor's view of the pages the web server answered from the page
 * cache, which no worker ever sees: what the web server appended to its
 * cache-hit log (log-format.ts) since the last read, counted. The file is
 * followed through rotation and truncation (log-tail.ts); lines that are not
 * the web server's are skipped.
 */
import type { Logger } from 'pino';
import { openLogTail, type LogTailOptions, type TailRead } from '#app/monitor/cache-hits/log-tail.ts';
import { parseCacheHitLine } from '#app/monitor/cache-hits/log-line.ts';
import { HitCounts } from '#app/monitor/cache-hits/hit-counts.ts';

export interface CacheHitCounts {
  /** Pages answered from the page cache. */
  readonly hits: number;
  /** Of those, article pages by path. */
  readonly reads: Readonly<Record<string, number>>;
  /** Of those, the ones that came from another site, by its host name. */
  readonly referrers: Readonly<Record<string, number>>;
}

export interface CacheHitLog {
  /** What was appended since the last call (the first call starts at the log's end). */
  read(): Promise<CacheHitCounts>;
  close(): void;
}

export function openCacheHitLog(
  file: string,
  options: { baseUrl: string; logger: Logger; tail?: LogTailOptions },
): CacheHitLog {
  const logger = options.logger.child({ cacheHitLog: file });
  const tail = openLogTail(file, options.tail);
  /** The last failure logged, so a lasting one (a log we may not read) is logged once, not every sample. */
  let lastFailure: string | null = null;
  let reading: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function readOnce(): Promise<CacheHitCounts> {
    const counts = new HitCounts(options.baseUrl);
    if (closed) return counts;
    let skipped = 0;
    try {
      const read = await tail.read((line) => {
        const hit = parseCacheHitLine(line);
        if (hit) counts.add(hit);
        else skipped += 1;
      });
      lastFailure = null;
      note(read, skipped);
    } catch (error) {
      // The hits counted before the failure are kept; the next read goes on from there.
      const message = (error as Error).message;
      if (message !== lastFailure) logger.warn({ err: error }, 'the cache-hit log could not be read');
      lastFailure = message;
    }
    return { hits: counts.hits, reads: counts.reads, referrers: counts.referrers };
  }

  function note(read: TailRead, skipped: number) {
    if (read.rotated) logger.info('the cache-hit log was rotated: reading the new file from its start');
    if (read.truncated) logger.info('the cache-hit log was truncated: reading it again from its start');
    if (skipped + read.droppedLines > 0)
      logger.warn({ lines: skipped + read.droppedLines }, 'skipped lines of the cache-hit log that are not cache hits');
    if (read.more) logger.debug({ bytes: read.bytes }, 'the cache-hit log has a backlog: the rest on the next read');
  }

  return {
    read() {
      // One read at a time: two would share the file's position.
      const next = reading.then(readOnce, readOnce);
      reading = next;
      return next;
    },
    close() {
      closed = true;
      reading = reading.then(
        () => tail.close(),
        () => tail.close(),
      );
      reading.catch((error: unknown) => logger.warn({ err: error }, 'the cache-hit log could not be closed'));
    },
  };
}
