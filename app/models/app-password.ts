/**
 * Application passwords: what publishing clients sign in with, never the
 * account password. XML-RPC sends one with the user's login; Micropub as a
 * Bearer token (IndieAuth's issued tokens are rows here too, with a
 * clientId and a scope).
 *
 * PLACEHOLDER (helper "app-passwords" builds it, keeping these signatures).
 */
import type { User } from '#app/models/db.ts';

/** The Micropub scopes; a password made in the admin has them all. */
export const micropubScopes = ['create', 'update', 'delete', 'undelete', 'media', 'draft'] as const;
export type MicropubScope = (typeof micropubScopes)[number];

/** Who a client request acts for, and what it may do. */
export interface ApiClient {
  readonly user: User;
  /** Every scope for an admin-made password; an IndieAuth token's granted scopes. */
  readonly scopes: ReadonlySet<string>;
  readonly passwordId: number;
  /** The password's name (or the IndieAuth client's), for logs. */
  readonly name: string;
}

/**
 * XML-RPC's (login, password) pair: the client if `secret` is one of that
 * user's application passwords (throttled per ip and login like the
 * sign-in form), else null. Records the last use.
 */
export async function authenticateAppPassword(login: string, secret: string, ip: string): Promise<ApiClient | null> {
  await Promise.resolve(); // placeholder
  void login;
  void secret;
  void ip;
  return null;
}

/** Micropub's `Authorization: Bearer <token>` (or access_token): the client, else null. Records the last use. */
export async function authenticateBearer(token: string, ip: string): Promise<ApiClient | null> {
  await Promise.resolve(); // placeholder
  void token;
  void ip;
  return null;
}
