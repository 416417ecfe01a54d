/**
 * The one way to record a security event: a structured log line an
 * operator can grep for (`"event":"csrf.refused"`), with the client
 * address, the signed-in user (if any) and the request id that the error
 * page shows. Names are `<area>.<what happened>`:
 *   sign-in.failed, sign-in.throttled, csrf.refused, access.denied,
 *   upload.refused, cross-site.refused, input.refused
 */
import type { Request } from 'express';
import { appContext } from '#app/context.ts';

export type SecurityEventName =
  | 'sign-in.failed'
  | 'sign-in.throttled'
  | 'csrf.refused'
  | 'access.denied'
  | 'upload.refused'
  | 'cross-site.refused'
  | 'input.refused';

export function securityEvent(req: Request, event: SecurityEventName, details: Record<string, unknown> = {}): void {
  appContext(req).logger.warn(
    {
      event,
      ip: req.ip,
      user: req.currentUser?.login ?? null,
      reqId: req.id,
      method: req.method,
      path: req.baseUrl + req.path,
      ...details,
    },
    event,
  );
}
