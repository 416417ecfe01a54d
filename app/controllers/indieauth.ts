/**
 * Folio as its own IndieAuth server, for the clients (Micropub apps): the
 * metadata document, the token endpoint (a code for an access token; a
 * token's description), and revocation. The consent page is in the admin
 * (app/controllers/admin/indieauth.ts). Errors are OAuth's JSON.
 */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { metadataFor, profileUrl } from '#app/indieauth/metadata.ts';
import { profileAnswer } from '#app/indieauth/profile.ts';
import { oauthError, redemptionFrom, stringFields } from '#app/indieauth/oauth.ts';
import { redeemCode } from '#app/models/app-password/indieauth-code.ts';
import {
  authenticateBearer,
  clientBlockedFor,
  findAppPassword,
  issueClientToken,
  micropubScopes,
  revokeBySecret,
} from '#app/models/app-password.ts';

/** GET /.well-known/oauth-authorization-server */
export function metadata(req: Request, res: Response) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.json(metadataFor(appContext(req).config.baseUrl));
}

/** POST /indieauth/token: grant_type=authorization_code (and the older action=revoke). */
export async function token(req: Request, res: Response) {
  const body = stringFields(req);
  if (body.action === 'revoke') return revocation(req, res);
  res.setHeader('Cache-Control', 'no-store');
  if (body.grant_type !== 'authorization_code')
    return oauthError(res, 400, 'unsupported_grant_type', 'Only grant_type=authorization_code is supported.');
  const redeemed = await redeemCode(redemptionFrom(body), appContext(req).clock.now(), { needsScope: true });
  if (!redeemed.ok) return oauthError(res, 400, redeemed.error, redeemed.description);
  const { secret } = await issueClientToken(redeemed.user.id, redeemed.clientId, redeemed.scope);
  res.json({
    access_token: secret,
    token_type: 'Bearer',
    scope: redeemed.scope,
    ...profileAnswer(redeemed.user, redeemed.me, redeemed.scope),
  });
}

/** GET /indieauth/token with a Bearer token: who it is for (how older Micropub servers check a token). */
export async function tokenInfo(req: Request, res: Response) {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!bearer) return oauthError(res, 401, 'invalid_request', 'Send the token as Authorization: Bearer <token>.');
  const ip = req.ip ?? '';
  const client = await authenticateBearer(bearer, ip);
  const row = client && (await findAppPassword(client.passwordId));
  if (!client || !row) {
    const wait = await clientBlockedFor(ip, null);
    if (wait > 0) res.setHeader('Retry-After', String(wait));
    return oauthError(res, wait > 0 ? 429 : 401, 'invalid_token', 'The token is unknown, revoked or expired.');
  }
  const { baseUrl } = appContext(req).config;
  res.setHeader('Cache-Control', 'no-store');
  res.json({
    me: profileUrl(baseUrl, client.user.login),
    client_id: row.clientId || `${baseUrl}/admin/app-passwords`,
    scope: row.scope || micropubScopes.join(' '),
  });
}

/** POST /indieauth/revocation token=…: always 200 (RFC 7009), so it tells nobody whether a token existed. */
export async function revocation(req: Request, res: Response) {
  const { token: secret } = stringFields(req);
  if (secret) await revokeBySecret(secret);
  res.status(200).type('text').send('');
}
