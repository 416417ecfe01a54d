/**
 * Errors that carry their HTTP status. Any code may throw one; the error
 * handler (errors.ts) turns it into a page. This module imports nothing, so
 * middleware that refuses a request never depends on the page renderers.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (message = 'There is nothing at this address.') => new HttpError(404, message);
export const badRequest = (message: string) => new HttpError(400, message);

/** The record a request names, or a 404 with `message` when there is none. */
export function orNotFound<T>(record: T | null | undefined, message?: string): T {
  if (record === null || record === undefined) throw notFound(message);
  return record;
}
