/**
 * Recognising a database that cannot answer for now, so a request answers
 * 503 with Retry-After and can be retried, rather than fail with a 500. The
 * one home of this rule: the error handler, the comment form (which keeps
 * the reader's text) and the short-lived process caches all ask it.
 *
 * Two ways a database is unavailable, both passing by themselves:
 * - busy: SQLite's write lock held by another process past busy_timeout
 *   (nothing was written: the statement never ran);
 * - down: PostgreSQL stopped, restarting, crashed or unreachable (a write
 *   cut off in flight may or may not have committed).
 *
 * Every shape below was seen for real (test/integration/database/).
 */

/** Seconds a client should wait before retrying: about one busy_timeout, or a PostgreSQL restart. */
export const databaseRetryAfterSeconds = 5;

export type Unavailability = 'busy' | 'down';

/** Whether `error` says the database is busy or down (see the module comment), else undefined. */
export function databaseUnavailability(error: unknown): Unavailability | undefined {
  const chain = causes(error);
  // Busy first: Prisma reports SQLite's lock as P1008 (a timeout), with SQLITE_BUSY in its cause.
  if (chain.some((e) => [e.code, e.originalCode].some(isBusyCode))) return 'busy';
  if (chain.some((e) => [e.code, e.originalCode, e.kind].some(isDownCode) || downMessages.test(String(e.message))))
    return 'down';
  return undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailability(error) !== undefined;
}

/** The error and what it wraps: Prisma keeps the driver's error in meta.driverAdapterError, whose cause holds the codes. */
function causes(error: unknown): ErrorShape[] {
  const chain: ErrorShape[] = [];
  for (let e = error as ErrorShape | undefined; e && typeof e === 'object' && chain.length < 6;) {
    chain.push(e);
    e = e.meta?.driverAdapterError ?? e.cause;
  }
  return chain;
}

/** SQLite's "database is locked": better-sqlite3's SQLITE_BUSY, or Prisma's cause.originalCode. */
function isBusyCode(code: unknown): boolean {
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

function isDownCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  return (
    // PostgreSQL: connection exceptions (class 08); shutting down (57P01), crashed (57P02),
    // starting, in recovery or refusing new connections while stopping (57P03); too many clients (53300).
    /^(08[0-9A-Z]{3}|57P0[123]|53300)$/.test(code) ||
    // node's sockets (ECONNREFUSED while the server is down, ECONNRESET/EPIPE when it goes away).
    socketCodes.has(code) ||
    // Prisma: P1001 can't reach the server, P1002 reached but timed out, P1008 socket timeout,
    // P1017 server closed the connection, P2024 no connection from the pool in time, P2037 too many connections.
    prismaCodes.has(code) ||
    // Prisma's driver adapter kinds behind those codes.
    adapterKinds.has(code)
  );
}

const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const prismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
const adapterKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/**
 * node-postgres raises these as plain Errors (no code), and Prisma passes them
 * through unchanged: a server process that died under a query ("Connection
 * terminated unexpectedly"), a connection that did not open in time, a pool
 * with no free connection in time, a client whose connection broke.
 */
const downMessages =
  /^(Connection terminated unexpectedly|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

/** The parts of an error (of whatever shape) that may carry a code. */
interface ErrorShape {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: ErrorShape;
  meta?: { driverAdapterError?: ErrorShape };
}
