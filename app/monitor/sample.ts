/**
 * What one app host's pool did between two samples: the unit the monitor
 * loop (app/monitor/loop.ts) builds every `sampleSeconds` from its workers'
 * counters, the web server's cache-hit log and the supervisor's own facts,
 * and hands to the activity series (app/monitor/activity/) and the alerts.
 *
 * Counts are deltas over the interval; gauges (memory, disk) are as of `at`.
 * Nothing about a reader is in it: reads are per article path, referrers
 * per site host.
 */

/**
 * Upper bounds of the latency buckets, in milliseconds: the same for the
 * Prometheus histogram, the workers' reports and the stored series, so
 * percentiles can be taken from merged buckets of any hosts and times.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = Object.freeze([
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
]);

/** The activity series' tiers: the bucket size and how long buckets are kept, per period the admin can look at. */
export const TIERS = Object.freeze({
  hour: Object.freeze({ bucketSeconds: 10, keepSeconds: 2 * 3600 }),
  day: Object.freeze({ bucketSeconds: 300, keepSeconds: 2 * 86_400 }),
  month: Object.freeze({ bucketSeconds: 7200, keepSeconds: 62 * 86_400 }),
});
export type Tier = keyof typeof TIERS;
export const tierNames = Object.freeze(Object.keys(TIERS) as Tier[]);

export interface ActivitySample {
  /** This app host (config.monitoring.hostName). */
  readonly host: string;
  /** The end of the interval. */
  readonly at: Date;
  /** The interval's length. */
  readonly seconds: number;
  /** Requests the workers answered (the page cache's hits are not in it). */
  readonly requests: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  /** The workers' requests per latency bucket: LATENCY_BOUNDS_MS.length + 1 counts (the last: slower than every bound). */
  readonly latency: readonly number[];
  /** Pages the web server answered from the page cache, without a worker. */
  readonly cacheHits: number;
  /** Cacheable pages (GET/HEAD of a public page) a worker had to render. */
  readonly cacheMisses: number;
  /** Workers that died unexpectedly (and were respawned). */
  readonly restarts: number;
  /** Whether any slot is in a crash loop at `at`. */
  readonly crashLoop: boolean;
  /** Workers serving at `at`. */
  readonly workers: number;
  /** The resident memory of the host's workers together at `at`. */
  readonly rssBytes: number;
  /** The data dir's file system at `at`; null when it cannot be read. */
  readonly diskFreeBytes: number | null;
  readonly diskTotalBytes: number | null;
  /** Reads of article pages by path (workers and page cache together). */
  readonly reads: Readonly<Record<string, number>>;
  /** Requests that came from another site, by that site's host name. */
  readonly referrers: Readonly<Record<string, number>>;
}

/** The latency bucket index of one request of `ms` milliseconds. */
export function latencyBucket(ms: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

/** Adds `b`'s bucket counts to `a`'s (either may be shorter: missing counts are 0). */
export function addLatency(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * The latency below which `quantile` (0..1) of the counted requests fall,
 * in ms, interpolated within its bucket as Prometheus' histogram_quantile
 * does; null when nothing was counted. The overflow bucket answers its lower bound.
 */
export function latencyQuantile(buckets: readonly number[], quantile: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = quantile * total;
  let below = 0;
  for (let i = 0; i < buckets.length; i += 1) {
    const count = buckets[i] ?? 0;
    if (below + count >= rank && count > 0) {
      const lower = i === 0 ? 0 : (LATENCY_BOUNDS_MS[i - 1] ?? 0);
      const upper = LATENCY_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * (rank - below)) / count;
    }
    below += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1] ?? null;
}

/** Adds counts by key (reads, referrers). */
export function addCounts(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [key, count] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + count;
  return sum;
}
