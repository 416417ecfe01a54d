/**
 * The links in reply-subscription mails: `<id>.<mac>`, the MAC an HMAC of
 * the subscription's id, its address and the link's purpose. Nothing secret
 * is stored (the key is derived from the session secret), a link opens one
 * subscription for one purpose only, and it stops working once the address
 * changes or the row is gone.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SubscriptionPurpose = 'confirm' | 'unsubscribe';

export interface TokenSubject {
  readonly id: number;
  readonly email: string;
}

/** The subscription's link token for `purpose`. */
export function subscriptionToken(subject: TokenSubject, purpose: SubscriptionPurpose, secret: string): string {
  return `${subject.id}.${mac(subject, purpose, secret)}`;
}

/** The id a token names (to load the row), or null when the token is not even shaped like one. */
export function subscriptionIdIn(token: string): number | null {
  const match = /^([1-9]\d{0,9})\.[\w-]{43}$/.exec(token);
  return match ? Number(match[1]) : null;
}

/** Whether `token` is this subscription's for `purpose`, compared in constant time. */
export function isSubscriptionToken(
  token: string,
  subject: TokenSubject,
  purpose: SubscriptionPurpose,
  secret: string,
): boolean {
  const expected = Buffer.from(subscriptionToken(subject, purpose, secret));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mac(subject: TokenSubject, purpose: SubscriptionPurpose, secret: string): string {
  // A key of its own, so no other HMAC of the session secret (sessions, comment tokens) can stand in for it.
  const key = createHmac('sha256', secret).update('folio reply-subscription links').digest();
  return createHmac('sha256', key)
    .update(`${subject.id}\n${subject.email.toLowerCase()}\n${purpose}`)
    .digest('base64url');
}
