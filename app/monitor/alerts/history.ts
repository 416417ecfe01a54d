/** The admin's view of alerts: those firing now come from open.ts; this is what fired lately, and each admin's mail switch. */
import { db } from '#app/models/db.ts';

export function recentAlerts(limit = 30) {
  return db.alert.findMany({
    where: { state: 'resolved' },
    orderBy: { startedAt: 'desc' },
    take: limit,
    select: { id: true, kind: true, message: true, startedAt: true, resolvedAt: true, notifications: true },
  });
}

/** Whether `userId` is mailed when an alert fires or resolves. */
export async function setAlertMail(userId: number, on: boolean): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { notifyAlerts: on } });
}
