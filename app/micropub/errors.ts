/**
 * Micropub's error responses (W3C Micropub §3.7.3): a JSON object with an
 * `error` code and a human `error_description`. Every refusal on the
 * Micropub routes ends up in this shape, body-parser and upload errors
 * included (micropubRefusal), so a client always gets something it can show.
 */
import type { ErrorRequestHandler } from 'express';
import { HttpError } from '#app/middleware/http-errors.ts';
import { NotFoundError, ValidationError } from '#app/models/validation.ts';

export type MicropubErrorCode = 'invalid_request' | 'unauthorized' | 'insufficient_scope' | 'forbidden';

// The spec's statuses: a scope the token lacks is a 401, like a missing token, so the client re-authorizes.
const statuses: Record<MicropubErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  insufficient_scope: 401,
  forbidden: 403,
};

export class MicropubError extends Error {
  readonly status: number;
  constructor(
    readonly code: MicropubErrorCode,
    description: string,
    /** For insufficient_scope: the scope the request needs. */
    readonly scope?: string,
    status?: number,
  ) {
    super(description);
    this.name = 'MicropubError';
    this.status = status ?? statuses[code];
  }
}

export const invalidRequest = (description: string) => new MicropubError('invalid_request', description);

/** The last handler of each Micropub route: any refusal as the spec's JSON; our own failures stay 500s. */
export const micropubRefusal: ErrorRequestHandler = (error, _req, res, next) => {
  const refusal = asMicropubError(error);
  if (!refusal) return next(error);
  if (refusal.status === 401) {
    const scope = refusal.scope ? `, scope="${refusal.scope}"` : '';
    const code = refusal.code === 'insufficient_scope' ? 'insufficient_scope' : 'invalid_token';
    res.set('WWW-Authenticate', `Bearer realm="Micropub", error="${code}"${scope}`);
  }
  res.status(refusal.status).json({
    error: refusal.code,
    error_description: refusal.message,
    ...(refusal.scope ? { scope: refusal.scope } : {}),
  });
};

function asMicropubError(error: unknown): MicropubError | null {
  if (error instanceof MicropubError) return error;
  if (error instanceof ValidationError || error instanceof NotFoundError) return invalidRequest(error.message);
  if (error instanceof HttpError && error.status < 500)
    return new MicropubError('invalid_request', error.message, undefined, error.status);
  // body-parser's errors: malformed JSON, too large, wrong charset.
  const parse = error as { status?: unknown; expose?: boolean; type?: string; message?: string };
  if (typeof parse.status === 'number' && parse.status >= 400 && parse.status < 500 && parse.expose) {
    const message =
      parse.type === 'entity.too.large'
        ? 'The request body is too large.'
        : parse.type === 'entity.parse.failed'
          ? 'The request body is not valid JSON.'
          : (parse.message ?? 'The request body could not be read.');
    return new MicropubError('invalid_request', message, undefined, parse.status);
  }
  return null;
}
