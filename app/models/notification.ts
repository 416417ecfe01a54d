/**
 * The outbox as the admin sees it (Admin → Notifications, and the
 * dashboard's count of failures): what waits, what was given up, what was
 * delivered lately; sending one again now, and deleting one. Queueing and
 * delivery are app/notifications/outbox.ts.
 */
import { db } from '#app/models/db.ts';

export interface NotificationRow {
  readonly id: number;
  readonly channel: string;
  readonly purpose: string;
  /** The address, or the webhook's host only (a webhook URL's path is often its key). */
  readonly recipient: string;
  readonly subject: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly nextAttemptAt: Date;
  readonly deliveredAt: Date | null;
  readonly failedAt: Date | null;
  readonly createdAt: Date;
}

export interface NotificationListing {
  readonly waiting: NotificationRow[];
  readonly failed: NotificationRow[];
  readonly delivered: NotificationRow[];
}

/** Each list is bounded: the outbox may hold thousands of rows while the mail server is down. */
const listLimit = 100;
const deliveredLimit = 50;

const fields = {
  id: true,
  channel: true,
  purpose: true,
  recipient: true,
  subject: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  deliveredAt: true,
  failedAt: true,
  createdAt: true,
} as const;

export async function listNotifications(): Promise<NotificationListing> {
  const [waiting, failed, delivered] = await Promise.all([
    db.notification.findMany({
      where: { deliveredAt: null, failedAt: null },
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: listLimit,
      select: fields,
    }),
    db.notification.findMany({
      where: { failedAt: { not: null } },
      orderBy: [{ failedAt: 'desc' }, { id: 'desc' }],
      take: listLimit,
      select: fields,
    }),
    db.notification.findMany({
      where: { deliveredAt: { not: null } },
      orderBy: [{ deliveredAt: 'desc' }, { id: 'desc' }],
      take: deliveredLimit,
      select: fields,
    }),
  ]);
  return { waiting: waiting.map(shown), failed: failed.map(shown), delivered: delivered.map(shown) };
}

/** Notifications given up on (for the dashboard: "N notifications failed"). */
export function failedNotificationCount(): Promise<number> {
  return db.notification.count({ where: { failedAt: { not: null } } });
}

/**
 * Sends one that is waiting or was given up at the next round of the outbox
 * (within FOLIO_ALERT_CHECK_SECONDS). A given-up one gets one more try (it
 * is given up again if that fails too). False when there is no such
 * notification, or it was delivered already.
 */
export async function retryNotification(id: number, now: Date): Promise<boolean> {
  const { count } = await db.notification.updateMany({
    where: { id, deliveredAt: null },
    data: { nextAttemptAt: now, failedAt: null },
  });
  return count === 1;
}

/** False when there was no such notification. */
export async function deleteNotification(id: number): Promise<boolean> {
  const { count } = await db.notification.deleteMany({ where: { id } });
  return count === 1;
}

function shown<T extends { channel: string; recipient: string }>(row: T): T {
  return row.channel === 'webhook' ? { ...row, recipient: hostOf(row.recipient) } : row;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
