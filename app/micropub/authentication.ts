/**
 * Who a Micropub request acts for: the Bearer token from the Authorization
 * header or an `access_token` body field (never the query string: URLs end
 * up in logs), checked as an application password or an IndieAuth token.
 */
import type { Request, Response } from 'express';
import { authenticateBearer, type ApiClient } from '#app/models/app-password.ts';
import { MicropubError, invalidRequest } from '#app/micropub/errors.ts';

/**
 * The client, or a MicropubError. Memoised on the response: the upload
 * parser asks before it writes the first file, the controller again after.
 */
export function micropubClient(req: Request, res: Response): Promise<ApiClient> {
  const locals = res.locals as { micropubClient?: Promise<ApiClient> };
  locals.micropubClient ??= authenticate(req);
  return locals.micropubClient;
}

export function requireScope(client: ApiClient, scope: string): void {
  if (!client.scopes.has(scope))
    throw new MicropubError('insufficient_scope', `This token was not granted the “${scope}” scope.`, scope);
}

async function authenticate(req: Request): Promise<ApiClient> {
  const token = tokenOf(req);
  const client = await authenticateBearer(token, req.ip ?? '');
  if (!client)
    throw new MicropubError(
      'unauthorized',
      'That access token is not valid: it may have been revoked, or it expired. Make a new application password in the admin, or sign in again.',
    );
  return client;
}

function tokenOf(req: Request): string {
  if (req.query.access_token !== undefined)
    throw invalidRequest('Send the access token in the Authorization header or the request body, never in the URL.');
  const header = req.get('authorization');
  const field = (req.body as Record<string, unknown> | undefined)?.access_token;
  if (header !== undefined && field !== undefined)
    throw invalidRequest(
      'Send the access token once: in the Authorization header or the access_token field, not both.',
    );
  if (header !== undefined) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!bearer) throw new MicropubError('unauthorized', 'The Authorization header must be “Bearer <token>”.');
    return bearer[1]!;
  }
  if (typeof field === 'string' && field.trim()) return field.trim();
  throw new MicropubError(
    'unauthorized',
    'This endpoint needs an access token (an application password) in the Authorization header.',
  );
}
