/**
 * Sends an alert at once, without the outbox (which is in the database):
 * for the one alert raised while the database is down (database-down.ts).
 * Whether any channel took it.
 *
 * PENDING the outbox helper's senders (h/outbox): until they are merged,
 * nothing is sent directly and the FIRING is queued once the database answers.
 */
import type { MonitorContext } from '#app/monitor/context.ts';
import type { AlertEvent } from '#app/monitor/alerts/notify.ts';

export function sendNow(context: MonitorContext, event: AlertEvent, recipients: readonly string[]): Promise<boolean> {
  void context;
  void event;
  void recipients;
  return Promise.resolve(false);
}
