/**
 * IndieAuth authorization codes: made when an author approves a client on
 * the consent page, redeemed once by that client (with the PKCE verifier)
 * for the author's profile URL or an access token. Only the code's hash is
 * stored; a code lives ten minutes, and expired ones are pruned when new
 * ones are made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { db, type User } from '#app/models/db.ts';
import { verifierMatches } from '#app/indieauth/pkce.ts';

export const codeLifetimeMs = 10 * 60_000;

export interface CodeGrant {
  userId: number;
  clientId: string;
  redirectUri: string;
  /** Space-separated granted scopes; "" for a sign-in only (profile URL, no token). */
  scope: string;
  codeChallenge: string;
  me: string;
}

export interface Redemption {
  code: string;
  clientId: string;
  redirectUri: string;
  codeVerifier: string;
}

/** What a redeemed code grants, or the OAuth error to answer with. */
export type Redeemed =
  | { ok: true; user: User; scope: string; me: string; clientId: string }
  | { ok: false; error: 'invalid_request' | 'invalid_grant'; description: string };

export async function issueCode(grant: CodeGrant, now: Date): Promise<string> {
  await db.indieAuthCode.deleteMany({ where: { expiresAt: { lt: now } } });
  const code = randomBytes(32).toString('base64url');
  await db.indieAuthCode.create({
    data: { ...grant, codeHash: hashCode(code), expiresAt: new Date(now.getTime() + codeLifetimeMs) },
  });
  return code;
}

/**
 * Checks the code against what it was issued for, then marks it used (once:
 * of two racing redemptions only one wins). `needsScope`: the token endpoint
 * gives no token for a sign-in-only code (IndieAuth §5.3.3), and leaves such
 * a code unspent for the authorization endpoint.
 */
export async function redeemCode(input: Redemption, now: Date, { needsScope = false } = {}): Promise<Redeemed> {
  const missing = (['code', 'clientId', 'redirectUri', 'codeVerifier'] as const).filter((key) => !input[key]);
  if (missing.length)
    return {
      ok: false,
      error: 'invalid_request',
      description: `Missing ${missing.map((key) => paramNames[key]).join(', ')}.`,
    };
  const invalid = (description: string): Redeemed => ({ ok: false, error: 'invalid_grant', description });
  const row = await db.indieAuthCode.findUnique({ where: { codeHash: hashCode(input.code) } });
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime())
    return invalid('The authorization code is unknown, used or expired.');
  if (row.clientId !== input.clientId) return invalid('The code was issued to another client_id.');
  if (row.redirectUri !== input.redirectUri) return invalid('The redirect_uri differs from the one in the request.');
  if (!verifierMatches(input.codeVerifier, row.codeChallenge)) return invalid('The code_verifier does not match.');
  if (needsScope && !row.scope)
    return invalid('This code was issued for signing in only (no scope): it gives no access token.');
  const claimed = await db.indieAuthCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) return invalid('The authorization code is unknown, used or expired.');
  const user = await db.user.findUnique({ where: { id: row.userId } });
  if (!user) return invalid('The account that approved this code no longer exists.');
  return { ok: true, user, scope: row.scope, me: row.me, clientId: row.clientId };
}

const paramNames = { code: 'code', clientId: 'client_id', redirectUri: 'redirect_uri', codeVerifier: 'code_verifier' };

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
