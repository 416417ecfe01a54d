/**
 * Application passwords: what publishing clients sign in with, never the
 * account password. XML-RPC sends one with the user's login; Micropub as a
 * Bearer token (IndieAuth's issued tokens are rows here too, with a
 * clientId and a scope). The facets live in app/models/app-password/.
 */
export { micropubScopes, knownScopes, type MicropubScope, type ApiClient } from '#app/models/app-password/scopes.ts';
export {
  createAppPassword,
  issueClientToken,
  listAppPasswords,
  revokeAppPassword,
  revokeBySecret,
  type IssuedSecret,
  type ListedAppPassword,
} from '#app/models/app-password/management.ts';
export { displaySecret } from '#app/models/app-password/secret.ts';

/**
 * XML-RPC's (login, password) pair: the client if `secret` is one of that
 * user's application passwords (throttled per ip and login like the
 * sign-in form), else null. Records the last use.
 *
 * Micropub's `Authorization: Bearer <token>` (or access_token) goes through
 * authenticateBearer: the client, else null (failures throttled per ip).
 */
export { authenticateAppPassword, authenticateBearer } from '#app/models/app-password/authentication.ts';
