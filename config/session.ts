/** Admin sessions: kept in the database, for the admin's paths only. */
export const sessionSettings = {
  cookieName: 'folio.sid',
  /** Signed out after this long without a request (the cookie is rolled on each one). */
  idleTimeoutMs: 2 * 3_600_000,
  /** Signed out this long after signing in, however active. */
  absoluteTimeoutMs: 12 * 3_600_000,
  /** The public site never sees the cookie, so its pages stay cacheable. */
  cookiePath: '/admin',
} as const;

declare module 'express-session' {
  interface SessionData {
    userId: number;
    signedInAt: number;
    flash: { kind: 'notice' | 'alert'; message: string };
  }
}
