/** People who write: admins run everything, authors their own articles. */
import { db } from '#app/models/db.ts';

export const roles = ['admin', 'author'] as const;
export type Role = (typeof roles)[number];

/** A password hash no password matches: for accounts that cannot sign in. */
export const lockedPasswordHash = '!locked';

export function findAuthor(login: string) {
  return db.user.findUnique({ where: { login }, select: { id: true, login: true, displayName: true } });
}
