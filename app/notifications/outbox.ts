/**
 * The notification outbox. Requests and the alert checks only add rows (one
 * insert, inside the caller's transaction when it has one, so a mail about a
 * change is sent only if the change commits: enqueue.ts); the monitor loop delivers
 * them, retrying with back-off (backoff.ts), and the admin sees what waits
 * and what failed (Admin → Notifications).
 *
 * Several app hosts may run the loop against one database: a row is claimed
 * by one conditional UPDATE before it is sent, so only one host sends it.
 */
import { db, type Prisma } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import type { MonitoringConfig } from '#config/monitoring.ts';
import { givenUp, retryDelayMs } from '#app/notifications/backoff.ts';
import { noSmtpServer, sendMail } from '#app/notifications/mailer.ts';
import { postWebhook } from '#app/notifications/webhook.ts';
import type { Channel } from '#app/notifications/enqueue.ts';
import { verifyReceivedWebmention } from '#app/webmention/verify.ts';
import { sendArticleWebmentions } from '#app/webmention/send.ts';
import { pingHub } from '#app/websub/ping.ts';

// Queueing lives in its own module, which the models import: this one imports the deliverers
// (webmention checks reach back into the comment model), and a model importing it would close a cycle.
export {
  enqueueEmail,
  enqueueWebhook,
  enqueueRequest,
  type Channel,
  type EmailMessage,
  type NotificationPurpose,
} from '#app/notifications/enqueue.ts';

/** One delivery of a row; rejects with what went wrong, and the outbox retries with back-off. */
export type Deliverer = (row: Row, context: MonitorContext) => Promise<void>;

const deliverers: Readonly<Record<Channel, Deliverer>> = {
  email: (row, context) => sendMail(context.config.monitoring, row),
  webhook: (row, context) => postWebhook(row, context.config.monitoring.webhookSecret, context.clock.now()),
  'webmention-check': verifyReceivedWebmention,
  webmention: sendArticleWebmentions,
  websub: pingHub,
};

/** At most this many sends per round; the rest wait for the next round (checkSeconds later). */
export const batchSize = 20;
/** A round takes no new row after this long, however many are due. */
const roundBudgetMs = 60_000;
/** How long a claim holds: longer than any send may take (every wait in a send is bounded well below). */
const claimMs = 5 * 60_000;
/** Delivered and given-up rows are deleted after this long, so the table stays small. */
export const keepDays = 30;

/** Sends what is due (claimed, so two hosts never send one twice); failures are retried with back-off. */
export async function deliverDueNotifications(context: MonitorContext): Promise<{ delivered: number; failed: number }> {
  const { monitoring } = context.config;
  await pruneOld(context.clock.now());
  if (!monitoring.smtpUrl) await keepMailUnsent();
  const due = await db.notification.findMany({
    where: { ...dueAt(context.clock.now()), ...(monitoring.smtpUrl ? {} : { channel: { not: 'email' } }) },
    orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
    take: batchSize,
    select: { id: true },
  });
  const started = performance.now();
  const tally = { delivered: 0, failed: 0 };
  for (const { id } of due) {
    if (performance.now() - started > roundBudgetMs) break;
    const row = await claim(id, context.clock.now());
    if (!row) continue;
    const error = await send(row, context).then(
      () => undefined,
      (cause: unknown) => describeError(cause, monitoring, row.recipient),
    );
    if (error === undefined) {
      await recordDelivered(row, context.clock.now());
      tally.delivered += 1;
    } else {
      await recordFailure(row, error, context);
      tally.failed += 1;
    }
  }
  return tally;
}

export type Row = Prisma.NotificationGetPayload<object>;

function dueAt(now: Date): Prisma.NotificationWhereInput {
  return {
    deliveredAt: null,
    failedAt: null,
    nextAttemptAt: { lte: now },
    OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
  };
}

/** Takes the row for this host if it is still due and unclaimed: one UPDATE, so two hosts cannot both win. */
async function claim(id: number, now: Date): Promise<Row | undefined> {
  const { count } = await db.notification.updateMany({
    where: { id, ...dueAt(now) },
    data: { claimedUntil: new Date(now.getTime() + claimMs) },
  });
  if (count !== 1) return undefined;
  return (await db.notification.findUnique({ where: { id } })) ?? undefined;
}

function send(row: Row, context: MonitorContext): Promise<void> {
  const deliver = Object.hasOwn(deliverers, row.channel) ? deliverers[row.channel as Channel] : undefined;
  return deliver ? deliver(row, context) : Promise.reject(new Error(`unknown channel "${row.channel}"`));
}

// updateMany, not update: the admin may have deleted the row while it was being sent.
async function recordDelivered(row: Row, now: Date): Promise<void> {
  await db.notification.updateMany({
    where: { id: row.id },
    data: { deliveredAt: now, attempts: row.attempts + 1, claimedUntil: null, lastError: '' },
  });
}

async function recordFailure(row: Row, error: string, context: MonitorContext): Promise<void> {
  const now = context.clock.now();
  const attempts = row.attempts + 1;
  const last = givenUp(attempts);
  await db.notification.updateMany({
    where: { id: row.id },
    data: {
      attempts,
      lastError: error,
      claimedUntil: null,
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
      ...(last ? { failedAt: now } : {}),
    },
  });
  context.logger.warn(
    { notification: row.id, channel: row.channel, purpose: row.purpose, attempts, error },
    last ? 'notification given up' : 'notification not delivered; retrying later',
  );
}

/** Without a mail server, mail waits (it is sent once one is configured), saying why in the admin. */
async function keepMailUnsent(): Promise<void> {
  await db.notification.updateMany({
    where: { channel: 'email', deliveredAt: null, failedAt: null, lastError: { not: noSmtpServer } },
    data: { lastError: noSmtpServer },
  });
}

async function pruneOld(now: Date): Promise<void> {
  const before = new Date(now.getTime() - keepDays * 24 * 60 * 60_000);
  await db.notification.deleteMany({
    where: { OR: [{ deliveredAt: { lt: before } }, { failedAt: { lt: before } }] },
  });
}

/**
 * A short reason for the admin and the log, never a secret: the SMTP
 * password and the webhook's URL (its path is often its key) and secret are
 * cut out of whatever the library said.
 */
export function describeError(error: unknown, monitoring: MonitoringConfig, recipient: string): string {
  const cause = (error as { cause?: unknown }).cause;
  let text = error instanceof Error ? error.message : String(error);
  if (cause instanceof Error && !text.includes(cause.message)) text += `: ${cause.message}`;
  for (const secret of secretsOf(monitoring, recipient)) text = text.split(secret).join('***');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300) || 'failed';
}

function secretsOf(monitoring: MonitoringConfig, recipient: string): string[] {
  const secrets = [
    monitoring.webhookSecret ?? '',
    monitoring.webhookUrl ?? '',
    recipient.startsWith('http') ? recipient : '',
  ];
  if (monitoring.smtpUrl) {
    const password = new URL(monitoring.smtpUrl).password;
    secrets.push(monitoring.smtpUrl, password, safeDecode(password));
  }
  return secrets.filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
