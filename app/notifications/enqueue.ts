/**
 * Adding to the notification outbox (app/notifications/outbox.ts delivers):
 * one insert, inside the caller's transaction when it has one, so a mail
 * about a change is sent only if the change commits. Kept apart from the
 * delivery so that models can queue without importing the deliverers.
 */
import { db, type Prisma } from '#app/models/db.ts';

export type NotificationPurpose = 'alert' | 'comment' | 'reply' | 'subscription' | 'webmention' | 'websub';

/**
 * What a row asks for. email and webhook carry their message; the others are
 * requests to other sites that the outbox retries the same way:
 * webmention-check fetches a received webmention's source (recipient) and
 * checks it (body: the Webmention row's id); webmention sends an article's
 * webmentions (body: the article id); websub pings the hub (recipient) for
 * the feeds in body (JSON array of URLs).
 */
export type Channel = 'email' | 'webhook' | 'webmention-check' | 'webmention' | 'websub';

export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post, ...). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Queues one mail; inside `tx` when given, so it is only sent if the change that caused it commits. */
export async function enqueueEmail(
  message: EmailMessage,
  purpose: NotificationPurpose,
  tx?: Prisma.TransactionClient,
): Promise<void> {
  await (tx ?? db).notification.create({
    data: {
      channel: 'email',
      purpose,
      recipient: message.to,
      subject: message.subject,
      body: message.text,
      html: message.html ?? '',
      headers: JSON.stringify(message.headers ?? {}),
    },
  });
}

/**
 * Queues one POST of `event` as JSON to the configured webhook; nothing when
 * none is configured. The X-Folio-Event header is the event's `type` (or
 * `event`) when it has one, else the purpose.
 */
export async function enqueueWebhook(
  webhookUrl: string | undefined,
  event: Readonly<Record<string, unknown>>,
  purpose: NotificationPurpose,
): Promise<void> {
  if (!webhookUrl) return;
  const name = [event.type, event.event].find((value) => typeof value === 'string') ?? purpose;
  await db.notification.create({
    data: { channel: 'webhook', purpose, recipient: webhookUrl, subject: name, body: JSON.stringify(event) },
  });
}

/**
 * Queues a request to another site (not mail or the alert webhook): inside
 * `tx` when given. `delayMs` holds it back (a burst of edits sends once).
 */
export async function enqueueRequest(
  request: {
    channel: Exclude<Channel, 'email' | 'webhook'>;
    purpose: NotificationPurpose;
    recipient: string;
    body: string;
  },
  tx?: Prisma.TransactionClient,
  delayMs = 0,
): Promise<void> {
  await (tx ?? db).notification.create({
    data: { ...request, ...(delayMs > 0 ? { nextAttemptAt: new Date(Date.now() + delayMs) } : {}) },
  });
}
