/**
 * express-session's store in the database: sessions survive restarts and
 * are shared by every worker process. (A small class of our own: the
 * published Prisma stores target older Prisma clients.)
 */
import type session from 'express-session';
import type { Logger } from 'pino';
import { db } from '#app/models/db.ts';
import { lazy, once } from '#app/lazy.ts';

/** express-session loads with the first admin request: reader-only workers never hold it. */
export const loadExpressSession = lazy<typeof session>('express-session');

type Callback<T = void> = (error?: unknown, value?: T) => void;

/** A store for `defaultTtlMs`-long sessions (its class is made once express-session has loaded). */
export function databaseSessionStore(defaultTtlMs: number): session.Store {
  return new (storeClass())(defaultTtlMs);
}

const storeClass = once(
  () =>
    class DatabaseSessionStore extends loadExpressSession().Store {
      constructor(private readonly defaultTtlMs: number) {
        super();
      }

      // Each hands its outcome to express-session's callback, which passes an error on to the error handler (a
      // database that is down becomes a 503 there). Reading the row happens inside the promise, so bad data is an
      // error for the callback too, never an unhandled rejection that would end the worker.
      override get(sid: string, done: Callback<session.SessionData | null>): void {
        settle(
          db.session.findUnique({ where: { sid } }).then((row) => {
            if (!row || row.expiresAt.getTime() <= Date.now()) return null;
            return JSON.parse(row.data) as session.SessionData;
          }),
          done,
        );
      }

      override set(sid: string, data: session.SessionData, done?: Callback): void {
        const expiresAt = this.expiry(data);
        const json = JSON.stringify(data);
        settle(
          db.session.upsert({
            where: { sid },
            create: { sid, data: json, expiresAt },
            update: { data: json, expiresAt },
          }),
          done,
        );
      }

      override touch(sid: string, data: session.SessionData, done?: Callback): void {
        settle(db.session.updateMany({ where: { sid }, data: { expiresAt: this.expiry(data) } }), done);
      }

      override destroy(sid: string, done?: Callback): void {
        settle(db.session.deleteMany({ where: { sid } }), done);
      }

      private expiry(data: session.SessionData): Date {
        return data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + this.defaultTtlMs);
      }
    },
);

/** Calls `done` once with the outcome: the value (when `done` takes one) or the error. */
function settle<T>(work: Promise<unknown>, done: Callback<T> | undefined): void {
  work.then(
    (value) => done?.(undefined, value as T),
    (error: unknown) => done?.(error),
  );
}

/** Deletes the sessions that have expired; returns how many. */
export async function pruneExpiredSessions(now = new Date()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

export const sessionPruneIntervalMs = 3_600_000;

/**
 * Prunes now and then hourly. Started by the session layer when a process
 * first handles an admin request, so reader-only workers, which never load
 * the ORM, never prune (nor create sessions). Several workers pruning is
 * harmless: the delete is idempotent. The timer never keeps a process alive.
 */
export function startSessionPruning(logger: Logger, intervalMs = sessionPruneIntervalMs): NodeJS.Timeout {
  const prune = () =>
    pruneExpiredSessions().then(
      (count) => {
        if (count) logger.info({ count }, 'expired sessions pruned');
      },
      (error: unknown) => logger.warn({ err: error }, 'could not prune expired sessions'),
    );
  void prune();
  return setInterval(() => void prune(), intervalMs).unref();
}
