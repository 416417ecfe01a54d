/**
 * The database-unreachable alert, which cannot live where the others do:
 * while the database is down there is no lease to hold, no Alert row to
 * write and no outbox to queue in. So every app host watches its own
 * connection, in memory:
 *
 *  - each check whose first query fails counts; past the rule's threshold
 *    (as last read, or its default) the host sends "FIRING" itself, at once,
 *    to the recipients it last read, through the outbox's senders but
 *    without the outbox (sendNow), and again every repeatMinutes;
 *  - each host that cannot reach the database says so (the message names
 *    the host): with several hosts, one cut off from a database the others
 *    reach is worth its own mail;
 *  - when the database answers again, the outage is written as a resolved
 *    Alert (the admin's history) and "RESOLVED" is queued in the outbox like
 *    any other; a "FIRING" that could not be sent directly (the mail server
 *    down too) is queued before it, so the admin still learns of the outage.
 */
import { db } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { definitionOf, evaluateRule, type RuleSettings } from '#app/monitor/alerts/rules.ts';
import { notifyAlert, type AlertEvent } from '#app/monitor/alerts/notify.ts';
import { sendNow } from '#app/monitor/alerts/send-now.ts';

/** One host's watch on its database connection. */
export interface DatabaseWatch {
  /** Checks in a row whose first query failed. */
  failures: number;
  /** The rule and the recipients as the last check that could read them saw them. */
  rule?: RuleSettings;
  recipients?: string[];
  outage?: Outage;
}

interface Outage {
  readonly startedAt: Date;
  message: string;
  lastNotifiedAt: Date | undefined;
  notifications: number;
  /** Whether a FIRING reached at least one channel. */
  firingSent: boolean;
}

const kind = 'database-unreachable';

export async function databaseFailed(context: MonitorContext, watch: DatabaseWatch, error: Error): Promise<void> {
  watch.failures += 1;
  const now = context.clock.now();
  const host = context.config.monitoring.hostName;
  context.logger.warn({ failures: watch.failures, err: error }, 'the alert check could not reach the database');
  const rule = watch.rule ?? { kind, ...definitionOf(kind).defaults };
  if (!rule.enabled) return;
  const verdict = evaluateRule(rule, { now, points: [], localDisk: null, databaseFailures: watch.failures });
  if (!verdict.firing) return;
  const message = `${verdict.message} from ${host}: ${error.message.split('\n')[0]}`;
  const outage = (watch.outage ??= {
    startedAt: now,
    message,
    lastNotifiedAt: undefined,
    notifications: 0,
    firingSent: false,
  });
  outage.message = message;
  const due = !outage.lastNotifiedAt || now.getTime() - outage.lastNotifiedAt.getTime() >= rule.repeatMinutes * 60_000;
  if (!due) return;
  outage.lastNotifiedAt = now;
  const event: AlertEvent = {
    status: 'firing',
    rule: kind,
    message,
    value: watch.failures,
    threshold: rule.threshold,
    startedAt: outage.startedAt,
    repeat: outage.notifications > 0,
  };
  const sent = await sendNow(context, event, watch.recipients ?? []);
  if (sent) {
    outage.notifications += 1;
    outage.firingSent = true;
  }
  context.logger.error(
    { rule: kind, sent },
    `alert FIRING: ${message}${sent ? '' : ' (no channel took the notification; it is queued once the database answers)'}`,
  );
}

/** The database answered: an outage this host notified of ends, in the database now. */
export async function databaseAnswered(context: MonitorContext, watch: DatabaseWatch): Promise<void> {
  watch.failures = 0;
  const outage = watch.outage;
  if (!outage) return;
  const now = context.clock.now();
  const threshold = watch.rule?.threshold ?? definitionOf(kind).defaults.threshold;
  await db.alert.create({
    data: {
      kind,
      state: 'resolved',
      message: outage.message,
      startedAt: outage.startedAt,
      resolvedAt: now,
      lastNotifiedAt: now,
      notifications: outage.notifications + (outage.firingSent ? 1 : 2),
    },
  });
  watch.outage = undefined;
  const channels = { baseUrl: context.config.baseUrl, webhookUrl: context.config.monitoring.webhookUrl };
  const event = { rule: kind, value: null, threshold, startedAt: outage.startedAt } as const;
  if (!outage.firingSent) await notifyAlert({ ...event, status: 'firing', message: outage.message }, channels);
  const resolved = `the database answers ${context.config.monitoring.hostName} again`;
  await notifyAlert({ ...event, status: 'resolved', message: resolved, resolvedAt: now }, channels);
  context.logger.info({ rule: kind }, `alert RESOLVED: ${resolved}`);
}
