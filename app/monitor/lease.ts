/**
 * A lease on a job only one app host may run at a time (the alert checks),
 * in the shared database: a MonitorLease row names its holder until it
 * expires. The holder renews it each round; another host takes it over only
 * once it has lapsed, so a host that died hands the job on within one TTL.
 * Both moves are one conditional write, which the database serializes: two
 * hosts cannot both see themselves as holder.
 */
import { db } from '#app/models/db.ts';
import { isUniqueViolation } from '#app/models/validation.ts';

/** Takes the lease `name` for `holder` until `now + ttlMs` if it is free, lapsed, or already `holder`'s; whether it is held. */
export async function holdLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const { count } = await db.monitorLease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
    data: { holder, expiresAt },
  });
  if (count === 1) return true;
  try {
    await db.monitorLease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (error) {
    // The row exists and is someone else's (or another host created it just now).
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Gives the lease up (a host stopping), so another takes it at its next round rather than after the TTL. */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await db.monitorLease.deleteMany({ where: { name, holder } });
}
