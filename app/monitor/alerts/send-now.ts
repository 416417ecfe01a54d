/**
 * Sends an alert at once, without the outbox, which is in the database:
 * for the one alert raised while the database is down (database-down.ts).
 * The outbox's own senders do the work (the same mail, the same signed
 * POST); what they cannot deliver now is not retried here, but queued in
 * the outbox once the database answers. Whether any channel took it.
 */
import type { MonitorContext } from '#app/monitor/context.ts';
import { sendMail } from '#app/notifications/mailer.ts';
import { postWebhook } from '#app/notifications/webhook.ts';
import { alertMail, webhookEvent, type AlertEvent } from '#app/monitor/alerts/notify.ts';

export async function sendNow(
  context: MonitorContext,
  event: AlertEvent,
  recipients: readonly string[],
): Promise<boolean> {
  const { baseUrl, monitoring } = context.config;
  const sends: Promise<void>[] = [];
  if (monitoring.smtpUrl)
    for (const to of recipients) {
      const mail = alertMail(event, baseUrl, to);
      sends.push(
        sendMail(monitoring, { recipient: to, subject: mail.subject, body: mail.text, html: '', headers: '{}' }),
      );
    }
  if (monitoring.webhookUrl) {
    const body = JSON.stringify(webhookEvent(event, baseUrl));
    const hook = { recipient: monitoring.webhookUrl, subject: 'alert', body };
    sends.push(postWebhook(hook, monitoring.webhookSecret, context.clock.now()));
  }
  const results = await Promise.allSettled(sends);
  for (const result of results)
    if (result.status === 'rejected')
      context.logger.warn({ err: result.reason as Error }, 'an alert sent directly (the database is down) failed');
  return results.some((result) => result.status === 'fulfilled');
}
