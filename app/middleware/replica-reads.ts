/**
 * With a read replica (DATABASE_REPLICA_URL), decides per request where its
 * reads go (app/database/read-routing.ts). Only an anonymous reader's GET or
 * HEAD may read the replica. The primary serves:
 *  - the whole admin (its session cookie, and its sign-in form's, are scoped to /admin);
 *  - every write (a comment, any admin form);
 *  - for `recentWriteSeconds` after a write, the same browser's reader pages:
 *    the write's response sets a short-lived cookie, so an author who
 *    publishes, or a reader whose comment was approved or held, sees that at
 *    once on the public pages (which never see the session cookie) on any
 *    host, even one that has not yet heard of the write.
 * Without a replica this does nothing.
 */
import type { Request, RequestHandler } from 'express';
import type { Config } from '#config/environment.ts';
import { sessionSettings } from '#config/session.ts';
import { readFromPrimary, readFromReplica } from '#app/database/read-routing.ts';
import { overTls, sessionCookieName } from '#app/middleware/tls.ts';

/** Longer than a healthy replica's lag, and than the lag limit after which everyone reads the primary. */
export const recentWriteSeconds = 10;
const recentWriteCookie = 'folio.wrote';

export function replicaReads(config: Pick<Config, 'databaseReplicaUrl'>): RequestHandler {
  if (!config.databaseReplicaUrl) return (_req, _res, next) => next();
  return (req, res, next) => {
    const writing = req.method !== 'GET' && req.method !== 'HEAD';
    if (writing)
      res.cookie(sessionCookieName(recentWriteCookie, '/', overTls(req)), '1', {
        maxAge: recentWriteSeconds * 1000,
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: overTls(req),
      });
    if (writing || mustSeePrimary(req)) readFromPrimary(next);
    else readFromReplica(next);
  };
}

function mustSeePrimary(req: Request): boolean {
  if (req.path === sessionSettings.cookiePath || req.path.startsWith(`${sessionSettings.cookiePath}/`)) return true;
  const cookies = req.headers.cookie ?? '';
  // Names match with or without their TLS prefix (__Host-, __Secure-).
  return cookies.includes(`${recentWriteCookie}=`) || cookies.includes(`${sessionSettings.cookieName}=`);
}
