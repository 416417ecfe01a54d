/**
 * POSTs one queued webhook: the JSON body as queued, and, when
 * FOLIO_ALERT_WEBHOOK_SECRET is set, a signature the receiver checks:
 *
 *   X-Folio-Timestamp: <seconds since the epoch>
 *   X-Folio-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
 *
 * The timestamp is in the signed data, so a captured request replayed later
 * is refused by a receiver that checks the time (README: Mail and webhooks).
 * Any 2xx is delivered; anything else, or no answer within 10 s, is a
 * failure retried later. Redirects are not followed (a signed body goes only
 * where the admin said).
 */
import { createHmac } from 'node:crypto';
import { folioVersion } from '#app/version.ts';

export interface QueuedWebhook {
  readonly recipient: string;
  /** The event's name, sent as X-Folio-Event. */
  readonly subject: string;
  /** The JSON body. */
  readonly body: string;
}

export const webhookTimeoutMs = 10_000;

export async function postWebhook(hook: QueuedWebhook, secret: string | undefined, now: Date): Promise<void> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const response = await fetch(hook.recipient, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': `Folio/${folioVersion()}`,
      'X-Folio-Event': hook.subject,
      'X-Folio-Timestamp': timestamp,
      ...(secret ? { 'X-Folio-Signature': signature(secret, timestamp, hook.body) } : {}),
    },
    body: hook.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(webhookTimeoutMs),
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299)
    throw new Error(`the webhook answered HTTP ${response.status} ${response.statusText}`.trim());
}

/** `sha256=` and the hex HMAC-SHA256, keyed with `secret`, of the timestamp, a dot and the body. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
