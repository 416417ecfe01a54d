/** What a client may do: the Micropub scopes, and the IndieAuth ones a consent screen may also grant. */
import type { User } from '#app/models/db.ts';

/** The Micropub scopes; a password made in the admin has them all. */
export const micropubScopes = ['create', 'update', 'delete', 'undelete', 'media', 'draft'] as const;
export type MicropubScope = (typeof micropubScopes)[number];

/** IndieAuth's own: the author's name and URL, and their email, in the token response. */
export const profileScopes = ['profile', 'email'] as const;

/** Every scope a client can be granted here (the metadata's scopes_supported). */
export const knownScopes: readonly string[] = [...micropubScopes, ...profileScopes];

/** Who a client request acts for, and what it may do. */
export interface ApiClient {
  readonly user: User;
  /** Every scope for an admin-made password; an IndieAuth token's granted scopes. */
  readonly scopes: ReadonlySet<string>;
  readonly passwordId: number;
  /** The password's name (or the IndieAuth client's), for logs. */
  readonly name: string;
}

/** A space-separated scope parameter as a list of the scopes known here, each once, in the usual order. */
export function knownScopesIn(scope: string): string[] {
  const asked = new Set(scope.split(/\s+/).filter(Boolean));
  return knownScopes.filter((s) => asked.has(s));
}
