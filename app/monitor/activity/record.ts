/**
 * The activity series' writer: one host's sample goes into that host's
 * current bucket of every tier (app/monitor/sample.ts TIERS), in one
 * transaction. A host is the only writer of its own rows (its monitor loop
 * samples one interval after the other), so reading the bucket rows and
 * writing them back cannot lose another host's counts.
 * Old buckets are pruned now and then (app/monitor/activity/prune.ts).
 */
import { db, type Prisma } from '#app/models/db.ts';
import { addLatency, tierNames, TIERS, type ActivitySample, type Tier } from '#app/monitor/sample.ts';
import { countChanges, countTiers } from '#app/monitor/activity/counts.ts';
import { pruneWhenDue } from '#app/monitor/activity/prune.ts';

export interface TierBucket {
  readonly tier: Tier;
  readonly bucket: Date;
}

/** The start of the bucket of `tier` that `at` falls in. */
export function bucketStart(at: Date | number, tier: Tier): Date {
  const size = TIERS[tier].bucketSeconds * 1000;
  return new Date(Math.floor(new Date(at).getTime() / size) * size);
}

export async function recordSample(sample: ActivitySample): Promise<void> {
  const buckets: TierBucket[] = tierNames.map((tier) => ({ tier, bucket: bucketStart(sample.at, tier) }));
  // Read first, then write everything in one batch: the rows read are this host's, which no one else writes,
  // and a batch costs a fraction of an interactive transaction's round trips.
  const [rows, countWrites] = await Promise.all([
    db.activityPoint.findMany({ where: { host: sample.host, OR: [...buckets] } }),
    countChanges(
      sample,
      buckets.filter(({ tier }) => countTiers.includes(tier)),
    ),
  ]);
  const pointWrites = buckets.map(({ tier, bucket }) => {
    const row = rows.find((r) => r.tier === tier && r.bucket.getTime() === bucket.getTime());
    const data = withSample(row, sample);
    return row
      ? db.activityPoint.update({ where: { id: row.id }, data })
      : db.activityPoint.create({ data: { tier, bucket, host: sample.host, ...data } });
  });
  await db.$transaction([...pointWrites, ...countWrites]);
  await pruneWhenDue(sample.at);
}

type PointRow = Prisma.ActivityPointGetPayload<object>;

/** A bucket's row with one more sample in it: counts add up, gauges keep their largest (memory) or latest (workers, disk). */
function withSample(row: PointRow | undefined, sample: ActivitySample) {
  return {
    requests: (row?.requests ?? 0) + sample.requests,
    clientErrors: (row?.clientErrors ?? 0) + sample.clientErrors,
    serverErrors: (row?.serverErrors ?? 0) + sample.serverErrors,
    latency: JSON.stringify(addLatency(parseLatency(row?.latency), sample.latency)),
    cacheHits: (row?.cacheHits ?? 0) + sample.cacheHits,
    cacheMisses: (row?.cacheMisses ?? 0) + sample.cacheMisses,
    restarts: (row?.restarts ?? 0) + sample.restarts,
    crashLoop: (row?.crashLoop ?? false) || sample.crashLoop,
    workers: sample.workers,
    rssBytesMax: Math.max(row?.rssBytesMax ?? 0, sample.rssBytes),
    rssBytesSum: (row?.rssBytesSum ?? 0) + sample.rssBytes,
    samples: (row?.samples ?? 0) + 1,
    diskFreeBytes: sample.diskFreeBytes,
    diskTotalBytes: sample.diskTotalBytes,
  };
}

/** A stored latency histogram; a row written by hand or by an older version that does not parse counts as empty. */
export function parseLatency(json: string | undefined): number[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map((count) => (typeof count === 'number' && count > 0 ? count : 0)) : [];
  } catch {
    return [];
  }
}
