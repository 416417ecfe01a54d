/**
 * The page cache's settings: where cached pages live, which paths may be
 * cached, and how long a page may outlive what it shows. The cache root is
 * shared by every release and every worker; Apache and lighttpd serve from it.
 */
import path from 'node:path';
import type { Config } from '#config/environment.ts';

export const pageCacheSettings = {
  /** Under FOLIO_DATA_DIR. */
  dirName: 'cache',
  /** The index (which page used which records) inside the cache root: a dot-dir, so no web server serves it. */
  indexDirName: '.folio',
  /** Never cached, whatever they answer: the back office, per-visitor pages, files with their own caching. */
  excludedPrefixes: ['/admin', '/search', '/uploads', '/themes', '/system'],
  /** Each serving process looks for newly scheduled articles at least this often (schedules written by other programs). */
  scheduleCheckMs: 5 * 60_000,
  /** Responses larger than this are served but not cached. */
  maxPageBytes: 32 * 1024 * 1024,
  /** The direct-HTTP fast path keeps recently served files in memory, up to this many bytes. */
  memoryBytes: 32 * 1024 * 1024,
  /** SQLite waits this long for another process's index transaction. */
  busyTimeoutMs: 10_000,
} as const;

/** The content type a cached file is served with, by extension: the writer only caches responses of this type. */
export const cachedContentTypes: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
});

/** `<FOLIO_DATA_DIR>/cache`. */
export function pageCacheRoot(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, pageCacheSettings.dirName);
}
