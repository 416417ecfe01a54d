/** The OAuth side of the wire, shared by the token endpoint and the authorization endpoint's redemption. */
import type { Request, Response } from 'express';
import type { Redemption } from '#app/models/app-password/indieauth-code.ts';

/** The form's string fields only: a repeated or missing field counts as absent. */
export function stringFields(req: Request): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** A code redemption's parameters (IndieAuth §5.3.1). */
export function redemptionFrom(body: Record<string, string>): Redemption {
  return {
    code: body.code ?? '',
    clientId: body.client_id ?? '',
    redirectUri: body.redirect_uri ?? '',
    codeVerifier: body.code_verifier ?? '',
  };
}

/** RFC 6749 §5.2's error answer; never cached, like every token answer. */
export function oauthError(res: Response, status: number, error: string, description: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', `Bearer error="${error}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).json({ error, error_description: description });
}
