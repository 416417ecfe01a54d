/**
 * IndieAuth's authorization endpoint (§5.2–5.3): the consent page a client
 * sends the author's browser to, the form that approves or denies it, and
 * (without a session, before CSRF) a client redeeming a sign-in-only code
 * for the author's profile URL. Requests the page cannot trust (an unknown
 * client shape, a redirect elsewhere) get a page saying why, never a
 * redirect.
 */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import {
  grantedScopes,
  parseAuthorizationRequest,
  redirectBack,
  type AuthorizationRequest,
} from '#app/indieauth/authorization-request.ts';
import { issuerOf, profileUrl } from '#app/indieauth/metadata.ts';
import { profileAnswer } from '#app/indieauth/profile.ts';
import { oauthError, redemptionFrom, stringFields } from '#app/indieauth/oauth.ts';
import { issueCode, redeemCode } from '#app/models/app-password/indieauth-code.ts';

/** GET /admin/indieauth/authorization?response_type=code&client_id=…: the consent page. */
export async function authorization(req: Request, res: Response) {
  const parsed = parseAuthorizationRequest(req.query);
  if (!parsed.ok) return refuse(req, res, parsed.message);
  const user = signedInUser(req);
  await renderAdmin(
    req,
    res,
    'indieauth/consent',
    { request: parsed.request, me: profileUrl(appContext(req).config.baseUrl, user.login) },
    { title: 'Sign in to an app' },
  );
}

/** POST /admin/indieauth/approval (the consent form): a code back to the client, or access_denied. */
export async function approve(req: Request, res: Response) {
  const parsed = parseAuthorizationRequest(req.body as Record<string, unknown>);
  if (!parsed.ok) return refuse(req, res, parsed.message);
  const { request } = parsed;
  const { baseUrl } = appContext(req).config;
  const body = req.body as Record<string, unknown>;
  if (body.decision !== 'allow')
    return res.redirect(302, redirectBack(request, { error: 'access_denied' }, issuerOf(baseUrl)));
  const code = await issueCode(grantFor(req, request, body.granted), appContext(req).clock.now());
  res.redirect(302, redirectBack(request, { code }, issuerOf(baseUrl)));
}

/** POST /admin/indieauth/authorization: a client redeeming a code for the profile URL (no token). */
export async function redeem(req: Request, res: Response) {
  const body = stringFields(req);
  if (body.grant_type && body.grant_type !== 'authorization_code')
    return oauthError(res, 400, 'unsupported_grant_type', 'Only grant_type=authorization_code is supported.');
  const redeemed = await redeemCode(redemptionFrom(body), appContext(req).clock.now());
  if (!redeemed.ok) return oauthError(res, 400, redeemed.error, redeemed.description);
  res.setHeader('Cache-Control', 'no-store');
  res.json(profileAnswer(redeemed.user, redeemed.me, redeemed.scope));
}

function grantFor(req: Request, request: AuthorizationRequest, ticked: unknown) {
  const user = signedInUser(req);
  return {
    userId: user.id,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scope: grantedScopes(request, ticked).join(' '),
    codeChallenge: request.codeChallenge,
    me: profileUrl(appContext(req).config.baseUrl, user.login),
  };
}

function refuse(req: Request, res: Response, message: string) {
  return renderAdmin(req, res, 'indieauth/refused', { message }, { title: 'Sign-in request refused', status: 400 });
}
