/**
 * Folio's own HTTP server answers cached pages before Express sees them, as Apache's rewrite rules do (see
 * README.md). Bodies stay in memory while the file is the same one (inode, size, mtime).
 */
import { access, close, fstat, open, read, stat, type Stats } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import { pageCacheSettings } from '#config/page-cache.ts';
import { cacheFileFor, contentTypeFor } from '#app/page-cache/paths.ts';
import { advertisesWebmentions, webmentionMarkerFile } from '#app/page-cache/webmention-marker.ts';

interface Entry {
  ino: number;
  size: number;
  mtimeMs: number;
  body: Buffer;
  etag: string;
  lastModified: string;
  /** Seconds, as HTTP dates have them. */
  modifiedAt: number;
  /** Flat [name, value, ...]: the cheapest form for writeHead. The security headers are added per request (they depend on TLS). */
  headers: string[];
}

export interface FastPathOptions {
  /** Told of each page answered here (the monitor counts them as the web server's cache hits). */
  onHit?: (hit: { method: string; path: string; status: number; referer: string | undefined }) => void;
  /** The Webmention `Link` header's value, sent with cached pages while the cache's marker says so. */
  webmentionLink?: string;
}

/** Serves cached pages from `root` with `securityHeaders(req)` (flat); anything else goes to `next` (the Express app). */
export function pageCacheFirst(
  root: string,
  securityHeaders: (req: IncomingMessage) => readonly string[],
  next: RequestListener,
  { onHit, webmentionLink }: FastPathOptions = {},
): RequestListener {
  const memory = new Memory(pageCacheSettings.memoryBytes);
  const marker = webmentionMarkerFile(root);
  /**
   * Whether a page just read gets the header, decided once per file read, not per request: a settings change
   * moves the marker and then expires every page (app/page-cache/webmention-marker.ts), so the files served
   * afterwards are new ones, read again.
   */
  const linkFor = (file: string, done: (link: string | undefined) => void) => {
    if (webmentionLink === undefined || !advertisesWebmentions(file)) return done(undefined);
    access(marker, (missing) => done(missing ? undefined : webmentionLink));
  };
  return (req, res) => {
    const file = cacheableFile(req);
    if (file === null) return next(req, res);
    const full = path.join(root, file);
    stat(full, (error, stats) => {
      if (error || !stats.isFile()) {
        memory.delete(full);
        return next(req, res);
      }
      const answer = (entry: Entry) => {
        const status = send(req, res, entry, securityHeaders(req));
        onHit?.({ method: req.method ?? 'GET', path: req.url ?? '/', status, referer: req.headers.referer });
      };
      const known = memory.get(full);
      if (known && sameFile(known, stats)) return answer(known);
      load(full, file, linkFor, (entry) => {
        if (!entry) return next(req, res);
        memory.set(full, entry);
        answer(entry);
      });
    });
  };
}

function cacheableFile(req: IncomingMessage): string | null {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url || req.url.includes('?')) return null;
  return cacheFileFor(req.url);
}

function sameFile(entry: Entry, stats: Stats): boolean {
  return entry.ino === stats.ino && entry.size === stats.size && entry.mtimeMs === stats.mtimeMs;
}

/** Reads through one descriptor, so the body and its stats belong to the same file even if it is replaced meanwhile. */
function load(
  full: string,
  file: string,
  linkFor: (file: string, done: (link: string | undefined) => void) => void,
  done: (entry: Entry | undefined) => void,
): void {
  open(full, 'r', (error, fd) => {
    if (error) return done(undefined);
    const finish = (entry: Entry | undefined) => close(fd, () => done(entry));
    fstat(fd, (statError, stats) => {
      if (statError || !stats.isFile()) return finish(undefined);
      const body = Buffer.allocUnsafe(stats.size);
      readAll(fd, body, 0, (readError) => {
        if (readError) return finish(undefined);
        linkFor(file, (link) => finish(entryFor(body, stats, file, link)));
      });
    });
  });
}

function readAll(fd: number, body: Buffer, offset: number, done: (error?: Error) => void): void {
  if (offset >= body.length) return done();
  read(fd, body, offset, body.length - offset, offset, (error, bytes) => {
    if (error) return done(error);
    if (bytes === 0) return done(new Error('the file shrank while being read'));
    readAll(fd, body, offset + bytes, done);
  });
}

function entryFor(body: Buffer, stats: Stats, file: string, webmentionLink: string | undefined): Entry {
  // Apache's own form: size and mtime (in microseconds), in hex.
  const etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs * 1000).toString(16)}"`;
  const lastModified = stats.mtime.toUTCString();
  return {
    ino: stats.ino,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    body,
    etag,
    lastModified,
    modifiedAt: Math.floor(stats.mtimeMs / 1000),
    headers: Object.entries({
      'Content-Type': contentTypeFor(file) ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      ETag: etag,
      'Last-Modified': lastModified,
      ...(webmentionLink === undefined ? {} : { Link: webmentionLink }),
    }).flat(),
  };
}

/** Answers with `entry` (or 304); returns the status sent. */
function send(req: IncomingMessage, res: ServerResponse, entry: Entry, securityHeaders: readonly string[]): number {
  if (notModified(req, entry)) {
    res.writeHead(304, { ETag: entry.etag, 'Last-Modified': entry.lastModified });
    res.end();
    return 304;
  }
  res.writeHead(200, [...securityHeaders, ...entry.headers]);
  if (req.method === 'HEAD') res.end();
  else res.end(entry.body);
  return 200;
}

function notModified(req: IncomingMessage, entry: Entry): boolean {
  const noneMatch = req.headers['if-none-match'];
  if (noneMatch !== undefined)
    return noneMatch === '*' || noneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === entry.etag);
  const since = req.headers['if-modified-since'];
  if (since === undefined) return false;
  const time = Date.parse(since);
  return Number.isFinite(time) && entry.modifiedAt <= Math.floor(time / 1000);
}

/** Recently served files, least recently used first out, bounded by total bytes. */
class Memory {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(private readonly limit: number) {}

  get(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    if (entry.size > this.limit / 4) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.size;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.limit) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.size;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.size;
  }
}
