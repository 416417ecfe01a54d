/**
 * An IndieAuth authorization request (§5.2), as the consent page receives it
 * in the query and the approval form sends it back: checked the same way
 * both times, since the form's hidden fields are the client's words too.
 */
import { clientIdProblem, redirectUriProblem } from '#app/indieauth/client-urls.ts';
import { isCodeChallenge } from '#app/indieauth/pkce.ts';
import { knownScopes } from '#app/models/app-password.ts';

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  /** The scopes asked for that exist here, in the usual order. */
  scopes: string[];
  /** Asked-for scopes this server does not know (shown, never granted). */
  unknownScopes: string[];
}

export type Parsed = { ok: true; request: AuthorizationRequest } | { ok: false; message: string };

const maxStateLength = 1000;
const maxScopeLength = 1000;

/** `params` is req.query or req.body: anything not a string counts as missing. */
export function parseAuthorizationRequest(params: Record<string, unknown>): Parsed {
  const text = (name: string) => (typeof params[name] === 'string' ? params[name] : '');
  const clientId = text('client_id');
  const redirectUri = text('redirect_uri');
  const refuse = (message: string): Parsed => ({ ok: false, message });

  // Older clients leave response_type out; anything other than "code" is a flow we do not offer.
  const responseType = text('response_type') || 'code';
  if (responseType !== 'code') return refuse(`The response_type "${responseType}" is not supported: only "code" is.`);
  if (!clientId) return refuse('The request has no client_id: the app did not say who it is.');
  const clientProblem = clientIdProblem(clientId);
  if (clientProblem) return refuse(clientProblem);
  if (!redirectUri) return refuse('The request has no redirect_uri.');
  const redirectProblem = redirectUriProblem(redirectUri, clientId);
  if (redirectProblem) return refuse(redirectProblem);
  const state = text('state');
  if (!state || state.length > maxStateLength)
    return refuse('The request needs a state parameter (up to 1000 characters).');
  if (text('code_challenge_method') !== 'S256')
    return refuse('The request must use PKCE with code_challenge_method=S256.');
  const codeChallenge = text('code_challenge');
  if (!isCodeChallenge(codeChallenge))
    return refuse('The code_challenge must be the base64url SHA-256 of the code verifier (43 characters).');
  const scope = text('scope');
  if (scope.length > maxScopeLength) return refuse('The scope parameter is too long.');
  const asked = [...new Set(scope.split(/\s+/).filter(Boolean))];
  return {
    ok: true,
    request: {
      clientId,
      redirectUri,
      state,
      codeChallenge,
      scopes: knownScopes.filter((s) => asked.includes(s)),
      unknownScopes: asked.filter((s) => !knownScopes.includes(s)),
    },
  };
}

/** The scopes the person left ticked: only ones the client asked for. */
export function grantedScopes(request: AuthorizationRequest, ticked: unknown): string[] {
  const list = Array.isArray(ticked) ? ticked : [ticked];
  return request.scopes.filter((s) => list.includes(s));
}

/** Where the browser goes back to: the client's redirect URI with our answer (and `iss`, RFC 9207) added. */
export function redirectBack(request: AuthorizationRequest, answer: Record<string, string>, issuer: string): string {
  const url = new URL(request.redirectUri);
  for (const [key, value] of Object.entries({ ...answer, state: request.state, iss: issuer }))
    url.searchParams.set(key, value);
  return url.toString();
}
