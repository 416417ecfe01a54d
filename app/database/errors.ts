/**
 * Recognising a database that is busy (another process holds the write lock
 * longer than busy_timeout), so a request can answer 503 with Retry-After
 * and be retried, rather than fail with a 500. The one home of this rule:
 * the error handler and the comment form (which keeps the reader's text)
 * both ask it.
 */

/** Seconds a client should wait before retrying: about one busy_timeout. */
export const busyRetryAfterSeconds = 5;

/**
 * SQLite's "database is locked" after its busy timeout, however it surfaced:
 * better-sqlite3 (direct reads) throws code SQLITE_BUSY; Prisma's driver
 * adapter wraps it as P1008 with `meta.driverAdapterError.cause.originalCode`.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error as ErrorShape | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const codes = [e.code, e.originalCode, e.meta?.driverAdapterError?.cause?.originalCode, e.cause?.originalCode];
    if (codes.some((code) => typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code))) return true;
    e = e.cause ?? e.meta?.driverAdapterError;
  }
  return false;
}

/** The parts of an error (of whatever shape) that may carry SQLite's code. */
interface ErrorShape {
  code?: unknown;
  originalCode?: unknown;
  cause?: ErrorShape;
  meta?: { driverAdapterError?: ErrorShape };
}
