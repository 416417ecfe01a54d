/**
 * One round of the alert rules, every checkSeconds on every app host (the
 * monitor loop calls it). Only the host holding the 'alerts' lease judges
 * the shared rules, so an alert fires once however many hosts run; per rule:
 *
 *  - quiet, and the condition holds → an Alert row (firing), "FIRING";
 *  - firing, and it still holds → "FIRING" again once repeatMinutes have
 *    passed since the last notification, never more often;
 *  - firing, and it no longer holds (or the rule was switched off) →
 *    resolved, "RESOLVED".
 *
 * The database's own absence cannot be judged that way: the lease, the
 * Alert rows and the outbox are all in it. Every host counts its own failed
 * checks and, past the threshold, notifies directly (database-down.ts).
 */
import { db } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { holdLease, releaseLease } from '#app/monitor/lease.ts';
import { currentRules } from '#app/monitor/alerts/rule-settings.ts';
import { evaluateRule, type RuleSettings, type Verdict } from '#app/monitor/alerts/rules.ts';
import { gatherMeasures } from '#app/monitor/alerts/measures.ts';
import { alertRecipients, notifyAlert, type AlertEvent } from '#app/monitor/alerts/notify.ts';
import { databaseAnswered, databaseFailed, type DatabaseWatch } from '#app/monitor/alerts/database-down.ts';

export const alertLease = 'alerts';

/** Per host name (tests run several "hosts" in one process): the database watch, which lives in memory. */
const watches = new Map<string, DatabaseWatch>();
/** A round still running when the next is due is not doubled: the lease is the host's, so both would judge. */
const running = new Map<string, Promise<void>>();

export async function checkAlerts(context: MonitorContext): Promise<void> {
  const host = context.config.monitoring.hostName;
  const current = running.get(host);
  if (current) return current;
  const round = checkRound(context, host).finally(() => running.delete(host));
  running.set(host, round);
  return round;
}

/** A host that stops gives the alert lease back (after its round), so another judges at its next round, not after the TTL. */
export async function stopCheckingAlerts(context: MonitorContext): Promise<void> {
  const host = context.config.monitoring.hostName;
  await running.get(host);
  await releaseLease(alertLease, host);
}

async function checkRound(context: MonitorContext, host: string): Promise<void> {
  const watch = watches.get(host) ?? { failures: 0 };
  watches.set(host, watch);
  let held: boolean;
  try {
    held = await holdLease(alertLease, host, context.clock.now(), 3 * context.config.monitoring.checkSeconds * 1000);
  } catch (error) {
    await databaseFailed(context, watch, error as Error);
    return;
  }
  await databaseAnswered(context, watch);
  const rules = await currentRules();
  // Kept on every host for the rounds the database may not answer: whom to tell, and when.
  watch.rule = rules.find((r) => r.kind === 'database-unreachable');
  watch.recipients = await alertRecipients();
  if (!held) return;

  const measures = await gatherMeasures(context, rules, 0);
  const firing = new Map(
    (await db.alert.findMany({ where: { state: 'firing' }, orderBy: { id: 'asc' } })).map((a) => [a.kind, a]),
  );
  for (const rule of rules) {
    if (rule.kind === 'database-unreachable') continue;
    const verdict: Verdict = rule.enabled
      ? evaluateRule(rule, measures)
      : { firing: false, value: null, message: 'the rule was switched off' };
    const alert = firing.get(rule.kind);
    if (!alert && verdict.firing) await fire(context, rule, verdict);
    else if (alert && verdict.firing) await repeatWhenDue(context, rule, verdict, alert);
    else if (alert && !verdict.firing) await resolve(context, rule, verdict, alert);
  }
}

type AlertRow = Awaited<ReturnType<typeof db.alert.findFirstOrThrow>>;

async function fire(context: MonitorContext, rule: RuleSettings, verdict: Verdict): Promise<void> {
  const now = context.clock.now();
  await db.alert.create({
    data: {
      kind: rule.kind,
      message: verdict.message,
      value: verdict.value,
      startedAt: now,
      lastNotifiedAt: now,
      notifications: 1,
    },
  });
  context.logger.warn({ rule: rule.kind }, `alert FIRING: ${verdict.message}`);
  await notify(context, { status: 'firing', rule: rule.kind, ...measured(rule, verdict), startedAt: now });
}

async function repeatWhenDue(context: MonitorContext, rule: RuleSettings, verdict: Verdict, alert: AlertRow) {
  const now = context.clock.now();
  const due = !alert.lastNotifiedAt || now.getTime() - alert.lastNotifiedAt.getTime() >= rule.repeatMinutes * 60_000;
  const data = { message: verdict.message, value: verdict.value };
  if (!due) {
    await db.alert.update({ where: { id: alert.id }, data });
    return;
  }
  await db.alert.update({
    where: { id: alert.id },
    data: { ...data, lastNotifiedAt: now, notifications: { increment: 1 } },
  });
  const event = { status: 'firing', rule: rule.kind, ...measured(rule, verdict), startedAt: alert.startedAt };
  await notify(context, { ...event, status: 'firing', repeat: true });
}

async function resolve(context: MonitorContext, rule: RuleSettings, verdict: Verdict, alert: AlertRow) {
  const now = context.clock.now();
  await db.alert.update({
    where: { id: alert.id },
    data: { state: 'resolved', resolvedAt: now, lastNotifiedAt: now, notifications: { increment: 1 } },
  });
  context.logger.info({ rule: rule.kind }, `alert RESOLVED: ${verdict.message}`);
  await notify(context, {
    status: 'resolved',
    rule: rule.kind,
    ...measured(rule, verdict),
    startedAt: alert.startedAt,
    resolvedAt: now,
  });
}

function measured(rule: RuleSettings, verdict: Verdict) {
  return { message: verdict.message, value: verdict.value, threshold: rule.threshold };
}

function notify(context: MonitorContext, event: AlertEvent): Promise<void> {
  const { baseUrl, monitoring } = context.config;
  return notifyAlert(event, { baseUrl, webhookUrl: monitoring.webhookUrl });
}
