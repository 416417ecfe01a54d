/**
 * Reads per article and visits per referring site, per bucket and host
 * (ActivityCount). Only the tiers the top lists read keep counts: the day
 * tier's 5-minute buckets answer the last hour and the last day, the month
 * tier the last month; 10-second buckets would multiply the rows by 30 for
 * nothing. Each bucket keeps its `keysKept` largest keys per kind, so the
 * table is bounded however many articles and sites there are: a key that
 * falls out loses its count, which only the long tail ever does.
 */
import { db, type Prisma } from '#app/models/db.ts';
import type { ActivitySample, Tier } from '#app/monitor/sample.ts';
import type { TierBucket } from '#app/monitor/activity/record.ts';

export const countTiers: readonly Tier[] = Object.freeze(['day', 'month'] as Tier[]);
export const keysKept = 50;
const keyLength = 500;

export type CountKind = 'read' | 'referrer';

interface Slot {
  id?: number;
  count: number;
  added: number;
}

/**
 * The writes that add the sample's reads and referrers to this host's
 * counts in `buckets`, for the caller's transaction (Prisma's writes run
 * when the transaction runs them).
 */
export async function countChanges(
  sample: ActivitySample,
  buckets: readonly TierBucket[],
): Promise<Prisma.PrismaPromise<unknown>[]> {
  const kinds: [CountKind, Readonly<Record<string, number>>][] = [
    ['read', positive(sample.reads)],
    ['referrer', positive(sample.referrers)],
  ];
  if (buckets.length === 0 || kinds.every(([, counts]) => Object.keys(counts).length === 0)) return [];
  const rows = await db.activityCount.findMany({
    where: { host: sample.host, OR: buckets.map(({ tier, bucket }) => ({ tier, bucket })) },
    select: { id: true, tier: true, bucket: true, kind: true, key: true, count: true },
  });
  const creates: Prisma.ActivityCountCreateManyInput[] = [];
  const deletes: number[] = [];
  const increments = new Map<number, number[]>();
  for (const { tier, bucket } of buckets) {
    for (const [kind, counts] of kinds) {
      if (Object.keys(counts).length === 0) continue;
      const slots = new Map<string, Slot>();
      for (const row of rows)
        if (row.tier === tier && row.kind === kind && row.bucket.getTime() === bucket.getTime())
          slots.set(row.key, { id: row.id, count: row.count, added: 0 });
      for (const [key, count] of Object.entries(counts)) {
        const slot = slots.get(key) ?? { count: 0, added: 0 };
        slots.set(key, { ...slot, count: slot.count + count, added: slot.added + count });
      }
      const ranked = [...slots].sort(byCountThenKept);
      for (const [key, slot] of ranked.slice(0, keysKept)) {
        if (slot.id === undefined) creates.push({ tier, bucket, host: sample.host, kind, key, count: slot.count });
        else if (slot.added > 0) increments.set(slot.added, [...(increments.get(slot.added) ?? []), slot.id]);
      }
      for (const [, slot] of ranked.slice(keysKept)) if (slot.id !== undefined) deletes.push(slot.id);
    }
  }
  const writes: Prisma.PrismaPromise<unknown>[] = [];
  if (deletes.length) writes.push(db.activityCount.deleteMany({ where: { id: { in: deletes } } }));
  if (creates.length) writes.push(db.activityCount.createMany({ data: creates }));
  // Most keys gain the same few counts in a sample (1, 2, 3...): one statement per distinct gain.
  for (const [added, ids] of increments)
    writes.push(db.activityCount.updateMany({ where: { id: { in: ids } }, data: { count: { increment: added } } }));
  return writes;
}

/** Largest first; at equal counts a key already stored stays before a newcomer, then by key for a stable order. */
function byCountThenKept([keyA, a]: [string, Slot], [keyB, b]: [string, Slot]): number {
  return b.count - a.count || Number(a.id === undefined) - Number(b.id === undefined) || keyA.localeCompare(keyB);
}

/**
 * Whole positive counts only, by keys short enough for PostgreSQL's unique
 * index (a btree entry has a size limit; a path that long is junk anyway).
 */
function positive(counts: Readonly<Record<string, number>>): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [key, count] of Object.entries(counts)) {
    const short = key.slice(0, keyLength);
    if (short && Number.isFinite(count) && count >= 1) kept[short] = (kept[short] ?? 0) + Math.floor(count);
  }
  return kept;
}
