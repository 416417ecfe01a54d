/**
 * Signing a client in with an application password or a Bearer token. The
 * secret is hashed and looked up by that hash (a unique index), so nothing
 * compares it byte by byte; the account password is never tried, so a
 * leaked client setting cannot reveal or guess it. Failures count in the
 * sign-in form's throttle, so a guesser gains nothing by switching doors.
 */
import { db, type User } from '#app/models/db.ts';
import { normalizeLogin } from '#app/models/user.ts';
import { signInBlockedFor, recordFailedSignIn, recordSuccessfulSignIn } from '#app/models/user/sign-in-throttle.ts';
import { hashSecret, looksLikeSecret, normalizeSecret } from '#app/models/app-password/secret.ts';
import { micropubScopes, type ApiClient } from '#app/models/app-password/scopes.ts';

/** The throttle's "login" for Bearer tokens: no real login has brackets, so it counts per address only. */
const bearerKey = '[bearer]';
/** lastUsedAt is written at most this often per row, not on every request a busy client makes. */
const lastUseResolutionMs = 60_000;

export async function authenticateAppPassword(login: string, secret: string, ip: string): Promise<ApiClient | null> {
  if ((await signInBlockedFor(ip, login)) > 0) return null;
  const row = await findBySecret(secret);
  const usable = row && row.user.login === normalizeLogin(login) ? row : null;
  if (!usable) {
    await recordFailedSignIn(ip, login);
    return null;
  }
  await recordSuccessfulSignIn(ip, login);
  return clientFrom(usable);
}

export async function authenticateBearer(token: string, ip: string): Promise<ApiClient | null> {
  if ((await signInBlockedFor(ip, bearerKey)) > 0) return null;
  const row = await findBySecret(token);
  if (!row) {
    await recordFailedSignIn(ip, bearerKey);
    return null;
  }
  return clientFrom(row);
}

/** The row this secret opens, if any and not expired; its owner comes along. */
async function findBySecret(secret: string) {
  if (!looksLikeSecret(normalizeSecret(secret))) return null;
  const row = await db.appPassword.findUnique({ where: { secretHash: hashSecret(secret) }, include: { user: true } });
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  return row;
}

async function clientFrom(row: {
  id: number;
  name: string;
  scope: string;
  lastUsedAt: Date | null;
  user: User;
}): Promise<ApiClient> {
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUseResolutionMs)
    await db.appPassword.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  const scopes = row.scope === '' ? micropubScopes : row.scope.split(' ').filter(Boolean);
  return { user: row.user, scopes: new Set(scopes), passwordId: row.id, name: row.name };
}
