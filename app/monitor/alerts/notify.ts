/**
 * An alert's notifications: one mail to every administrator who wants them
 * (User.notifyAlerts, with an address) and one POST to the webhook, queued
 * in the outbox, which delivers them with retries (app/notifications/).
 */
import { db } from '#app/models/db.ts';
import { enqueueEmail, enqueueWebhook, type EmailMessage } from '#app/notifications/enqueue.ts';
import { definitionOf, type RuleKind } from '#app/monitor/alerts/rules.ts';

export interface AlertEvent {
  readonly status: 'firing' | 'resolved';
  readonly rule: RuleKind;
  readonly message: string;
  readonly value: number | null;
  readonly threshold: number;
  readonly startedAt: Date;
  readonly resolvedAt?: Date;
  /** A reminder of an alert already notified (FIRING again). */
  readonly repeat?: boolean;
}

/** Queues the event's mails and webhook POST. */
export async function notifyAlert(
  event: AlertEvent,
  channels: { baseUrl: string; webhookUrl: string | undefined },
): Promise<void> {
  for (const to of await alertRecipients()) await enqueueEmail(alertMail(event, channels.baseUrl, to), 'alert');
  await enqueueWebhook(channels.webhookUrl, webhookEvent(event, channels.baseUrl), 'alert');
}

/** The administrators who asked for alert mail and have an address. */
export async function alertRecipients(): Promise<string[]> {
  const admins = await db.user.findMany({
    where: { role: 'admin', notifyAlerts: true, NOT: { email: '' } },
    select: { email: true },
    orderBy: { id: 'asc' },
  });
  return admins.map((admin) => admin.email);
}

/** The webhook's JSON body. */
export function webhookEvent(event: AlertEvent, baseUrl: string): Record<string, unknown> {
  return {
    status: event.status,
    rule: event.rule,
    message: event.message,
    value: event.value,
    threshold: event.threshold,
    startedAt: event.startedAt.toISOString(),
    ...(event.resolvedAt && { resolvedAt: event.resolvedAt.toISOString() }),
    blog: baseUrl,
  };
}

export function alertMail(event: AlertEvent, baseUrl: string, to: string): EmailMessage {
  const title = definitionOf(event.rule).title;
  const status = event.status === 'firing' ? 'FIRING' : 'RESOLVED';
  const blog = new URL(baseUrl).host;
  const lines = [
    event.status === 'firing'
      ? `${title} is firing on ${blog}${event.repeat ? ' (still)' : ''}: ${event.message}.`
      : `${title} on ${blog} is resolved: ${event.message}.`,
    '',
    `Started: ${event.startedAt.toISOString()}`,
    ...(event.resolvedAt ? [`Resolved: ${event.resolvedAt.toISOString()}`] : []),
    '',
    `The alerts and their rules: ${new URL('/admin/alerts', baseUrl).href}`,
    'You receive this because you are an administrator with alert mail on; switch it off on that page.',
  ];
  return { to, subject: `[${blog}] ${status}: ${title}`, text: lines.join('\n') };
}
