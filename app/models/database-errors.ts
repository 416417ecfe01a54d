/**
 * Recognising a database that is busy (another process holds the write lock
 * longer than busy_timeout), so a request can answer 503 and be retried
 * rather than fail with a 500.
 */

/**
 * SQLITE_BUSY, raw from better-sqlite3 (the direct reader) or wrapped by
 * Prisma's driver adapter (P1008, "Operation has timed out", with the
 * driver's code kept in meta).
 */
export function isDatabaseBusy(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  const code = e?.code === 'P1008' ? e.meta?.driverAdapterError?.cause?.originalCode : e?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
