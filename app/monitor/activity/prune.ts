/**
 * Keeps the activity series bounded: buckets older than their tier's span
 * (TIERS keepSeconds) go, every host's alike, so a host that was retired
 * leaves nothing behind. Two statements, run at most once a minute per
 * process: the rows it removes are one bucket's worth at most per tier.
 */
import { db } from '#app/models/db.ts';
import { tierNames, TIERS } from '#app/monitor/sample.ts';

const pruneEveryMs = 60_000;
let lastPrunedAt: number | undefined;

/** Prunes when a minute has passed since the last time (by the samples' clock, which tests set). */
export async function pruneWhenDue(at: Date): Promise<void> {
  const time = at.getTime();
  if (lastPrunedAt !== undefined && Math.abs(time - lastPrunedAt) < pruneEveryMs) return;
  lastPrunedAt = time;
  await pruneActivity(at);
}

/** Removes every bucket that began more than its tier's span before `now`. */
export async function pruneActivity(now: Date): Promise<void> {
  const old = tierNames.map((tier) => ({
    tier,
    bucket: { lt: new Date(now.getTime() - TIERS[tier].keepSeconds * 1000) },
  }));
  await db.activityPoint.deleteMany({ where: { OR: old } });
  await db.activityCount.deleteMany({ where: { OR: old } });
}
