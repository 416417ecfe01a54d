/** The alerts firing now, newest first: for the dashboard, the Activity page and the admin's bar. */
import { db } from '#app/models/db.ts';

export interface OpenAlert {
  readonly id: number;
  readonly kind: string;
  readonly message: string;
  readonly startedAt: Date;
}

export async function openAlerts(): Promise<OpenAlert[]> {
  return db.alert.findMany({
    where: { state: 'firing' },
    orderBy: { startedAt: 'desc' },
    select: { id: true, kind: true, message: true, startedAt: true },
  });
}
