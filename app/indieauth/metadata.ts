/**
 * The authorization server's metadata (IndieAuth §4.1.1, RFC 8414), linked
 * from every themed page as rel="indieauth-metadata". The issuer is the
 * blog's root URL; `me` is each author's page, which links here.
 */
import { knownScopes } from '#app/models/app-password.ts';

export function issuerOf(baseUrl: string): string {
  return `${baseUrl}/`;
}

/** The URL a signed-in author is, to IndieAuth clients. */
export function profileUrl(baseUrl: string, login: string): string {
  return `${baseUrl}/author/${encodeURIComponent(login)}`;
}

export function metadataFor(baseUrl: string) {
  return {
    issuer: issuerOf(baseUrl),
    authorization_endpoint: `${baseUrl}/admin/indieauth/authorization`,
    token_endpoint: `${baseUrl}/indieauth/token`,
    revocation_endpoint: `${baseUrl}/indieauth/revocation`,
    revocation_endpoint_auth_methods_supported: ['none'],
    scopes_supported: knownScopes,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  };
}
