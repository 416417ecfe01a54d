/**
 * PLACEHOLDER (helper "outbox" replaces this file): the notification
 * outbox. Requests and the alert checks only add rows; the monitor loop
 * delivers them, retrying with back-off.
 */
import type { MonitorContext } from '#app/monitor/context.ts';
import type { Prisma } from '#app/models/db.ts';

export type NotificationPurpose = 'alert' | 'comment' | 'reply' | 'subscription';

export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post, ...). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Queues one mail; inside `tx` when given, so it is only sent if the change that caused it commits. */
export function enqueueEmail(
  message: EmailMessage,
  purpose: NotificationPurpose,
  tx?: Prisma.TransactionClient,
): Promise<void> {
  void message;
  void purpose;
  void tx;
  return Promise.resolve();
}

/** Queues one POST of `event` as JSON to the configured webhook; nothing when none is configured. */
export function enqueueWebhook(
  webhookUrl: string | undefined,
  event: Readonly<Record<string, unknown>>,
  purpose: NotificationPurpose,
): Promise<void> {
  void webhookUrl;
  void event;
  void purpose;
  return Promise.resolve();
}

/** Sends what is due (claimed, so two hosts never send one twice); failures are retried with back-off. */
export function deliverDueNotifications(context: MonitorContext): Promise<{ delivered: number; failed: number }> {
  void context;
  return Promise.resolve({ delivered: 0, failed: 0 });
}
