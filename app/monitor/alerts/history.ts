/** The admin's view of alerts: those firing now come from open.ts; this is what fired lately. */
import { db } from '#app/models/db.ts';

export function recentAlerts(limit = 30) {
  return db.alert.findMany({
    where: { state: 'resolved' },
    orderBy: { startedAt: 'desc' },
    take: limit,
    select: { id: true, kind: true, message: true, startedAt: true, resolvedAt: true, notifications: true },
  });
}
