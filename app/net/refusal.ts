/**
 * The one error fetchOutbound throws (re-exported from outbound.ts, where
 * callers import it). Its own module so the guard, redirect and body
 * modules can throw it without importing the request they serve.
 */

export type RefusalReason =
  'scheme' | 'private-address' | 'dns' | 'timeout' | 'too-large' | 'too-many-redirects' | 'network';

/** Why a request was not made or not finished; `message` is fit to show an author or log. */
export class OutboundRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefused';
  }
}
