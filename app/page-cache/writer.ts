/**
 * Keeps a copy of each response that may be cached and hands it to the cache once it is sent, so the reader
 * never waits for the disk. README.md says which responses qualify.
 */
import type { Request, RequestHandler, Response } from 'express';
import { sessionSettings } from '#config/session.ts';
import { pageCacheSettings } from '#config/page-cache.ts';
import { cacheFileFor, contentTypeFor } from '#app/page-cache/paths.ts';
import { startCollecting, type PageUses } from '#app/page-cache/uses.ts';

export interface CacheablePage {
  path: string;
  file: string;
  body: Buffer;
  uses: PageUses;
  startSeq: number;
}

export interface WriterTarget {
  /** Called before the page reads anything: returns the sweep sequence number now. */
  begin(): number;
  /** Writes the page; never throws. */
  write(page: CacheablePage): void;
}

const sessionCookie = `${sessionSettings.cookieName}=`;

/** `onMiss` is told of each page the app rendered and stored: a page-cache miss (the monitor counts them). */
export function pageCacheWriter(target: WriterTarget, onMiss?: () => void): RequestHandler {
  return (req, res, next) => {
    const file = candidateFile(req);
    if (file === null) return next();
    const urlPath = req.originalUrl;
    const startSeq = target.begin();
    const uses = startCollecting(res);
    const body = captureBody(res);
    res.once('finish', () => {
      const captured = body.result();
      if (captured && shouldStore(res, file, uses)) {
        target.write({ path: urlPath, file, body: captured, uses, startSeq });
        onMiss?.();
      }
    });
    next();
  };
}

function candidateFile(req: Request): string | null {
  if (req.method !== 'GET' || req.originalUrl.includes('?')) return null;
  if (req.headers.cookie?.includes(sessionCookie)) return null;
  return cacheFileFor(req.originalUrl);
}

function shouldStore(res: Response, file: string, uses: PageUses): boolean {
  if (res.statusCode !== 200 || uses.keys.size === 0 || res.getHeader('set-cookie') !== undefined) return false;
  if (/no-store|private/i.test(String(res.getHeader('cache-control') ?? ''))) return false;
  return normalizeType(res.getHeader('content-type')) === normalizeType(contentTypeFor(file));
}

function normalizeType(value: number | string | readonly string[] | undefined): string {
  return String(value ?? '')
    .toLowerCase()
    .replace(/\s+/g, '');
}

/** Keeps a copy of what the response writes, up to the size limit. */
function captureBody(res: Response): { result(): Buffer | undefined } {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let overflow = false;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (overflow || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buffer =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);
    bytes += buffer.length;
    if (bytes > pageCacheSettings.maxPageBytes) overflow = true;
    else chunks.push(buffer);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as Response['end'];
  return {
    result() {
      if (overflow) return undefined;
      const body = Buffer.concat(chunks);
      const declared = Number(res.getHeader('content-length') ?? body.length);
      return declared === body.length ? body : undefined;
    },
  };
}
