/**
 * The activity series as the admin reads it: for the last hour, day or
 * month, one point per bucket with every host merged (counts summed,
 * latency histograms added, so percentiles are the whole site's), and the
 * period's totals.
 *
 * A bucket no host wrote is a gap, not a zero: a running pool samples every
 * few seconds even when nobody reads, so a missing row means the monitor was
 * not running, and a chart must not claim "no requests, no errors" for it.
 * Every measure of a gap is null; measures with nothing to divide by (an
 * error rate without requests) are null too.
 */
import { db } from '#app/models/db.ts';
import { addLatency, latencyQuantile, TIERS, type Tier } from '#app/monitor/sample.ts';
import { bucketStart, parseLatency } from '#app/monitor/activity/record.ts';

/** What each period shows: its span, the tier its points come from, and the tier its top lists are counted in. */
interface PeriodSpec {
  readonly seconds: number;
  readonly tier: Tier;
  readonly countTier: Tier;
}
export type Period = 'hour' | 'day' | 'month';
export const periods: Readonly<Record<Period, PeriodSpec>> = Object.freeze({
  hour: Object.freeze({ seconds: 3600, tier: 'hour', countTier: 'day' }),
  day: Object.freeze({ seconds: 86_400, tier: 'day', countTier: 'day' }),
  month: Object.freeze({ seconds: 30 * 86_400, tier: 'month', countTier: 'month' }),
});
export const periodNames = Object.freeze(Object.keys(periods) as Period[]);

/** `value` if it names a period, else 'hour'. */
export function periodOf(value: unknown): Period {
  return periodNames.find((name) => name === value) ?? 'hour';
}

export interface ActivityMeasures {
  /** Requests a worker answered. */
  readonly requests: number;
  /** Every request: the workers' and the web server's answers from the page cache. */
  readonly requestsPerSecond: number | null;
  readonly workerRequestsPerSecond: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  /** 5xx answers per request (0..1). */
  readonly errorRate: number | null;
  readonly cacheHits: number;
  /** Page-cache hits per cacheable page (0..1); null when no cacheable page was asked for. */
  readonly cacheHitRatio: number | null;
  /** Bytes: the hosts' mean worker memory, added up. */
  readonly memoryMean: number | null;
  /** Bytes: the hosts' largest sample, added up (the most the pool can have held at once). */
  readonly memoryMax: number | null;
  readonly restarts: number | null;
  readonly workers: number | null;
  readonly crashLoop: boolean;
}

export interface ActivityPoint extends ActivityMeasures {
  readonly start: Date;
}

export interface ActivitySeries {
  readonly period: Period;
  readonly bucketSeconds: number;
  readonly from: Date;
  readonly to: Date;
  readonly points: readonly ActivityPoint[];
  /** The whole period; requestsPerSecond over the buckets with data, memoryMax the peak, workers the latest. */
  readonly totals: ActivityMeasures;
  readonly hosts: readonly string[];
}

export async function activitySeries(period: Period, now: Date): Promise<ActivitySeries> {
  const { tier, seconds } = periods[period];
  const { bucketSeconds } = TIERS[tier];
  const size = bucketSeconds * 1000;
  const last = bucketStart(now, tier).getTime();
  const count = Math.round(seconds / bucketSeconds);
  const first = last - (count - 1) * size;
  const rows = await db.activityPoint.findMany({
    where: { tier, bucket: { gte: new Date(first), lte: new Date(last) } },
    omit: { id: true, updatedAt: true, diskFreeBytes: true, diskTotalBytes: true },
  });
  const byBucket = new Map<number, Sum>();
  for (const row of rows) {
    const time = row.bucket.getTime();
    byBucket.set(time, add(byBucket.get(time) ?? emptySum(), sumOf(row)));
  }
  // The current bucket is still filling: its rate is over the seconds it has covered so far.
  const covered = (start: number) => Math.min(bucketSeconds, Math.max(1, (now.getTime() - start) / 1000));
  const points: ActivityPoint[] = [];
  let total = emptySum();
  let coveredSeconds = 0;
  let latest: Sum | undefined;
  for (let start = first; start <= last; start += size) {
    const sum = byBucket.get(start);
    points.push({ start: new Date(start), ...(sum ? measures(sum, covered(start)) : gap) });
    if (!sum) continue;
    total = add(total, sum);
    coveredSeconds += covered(start);
    latest = sum;
  }
  const totals = latest
    ? {
        ...measures(total, coveredSeconds),
        memoryMean: mean(points.map((p) => p.memoryMean)),
        memoryMax: Math.max(...points.map((p) => p.memoryMax ?? 0)),
        workers: latest.workers,
        crashLoop: latest.crashLoop,
      }
    : gap;
  return {
    period,
    bucketSeconds,
    from: new Date(first),
    to: new Date(last + size),
    points,
    totals,
    hosts: [...new Set(rows.map((row) => row.host))].sort(),
  };
}

/** One bucket of one host or more, added up. */
interface Sum {
  requests: number;
  serverErrors: number;
  latency: number[];
  cacheHits: number;
  cacheMisses: number;
  restarts: number;
  crashLoop: boolean;
  workers: number;
  memoryMean: number;
  memoryMax: number;
}

const gap: ActivityMeasures = Object.freeze({
  requests: 0,
  requestsPerSecond: null,
  workerRequestsPerSecond: null,
  p50: null,
  p95: null,
  p99: null,
  errorRate: null,
  cacheHits: 0,
  cacheHitRatio: null,
  memoryMean: null,
  memoryMax: null,
  restarts: null,
  workers: null,
  crashLoop: false,
});

function emptySum(): Sum {
  return {
    requests: 0,
    serverErrors: 0,
    latency: [],
    cacheHits: 0,
    cacheMisses: 0,
    restarts: 0,
    crashLoop: false,
    workers: 0,
    memoryMean: 0,
    memoryMax: 0,
  };
}

function sumOf(row: {
  requests: number;
  serverErrors: number;
  latency: string;
  cacheHits: number;
  cacheMisses: number;
  restarts: number;
  crashLoop: boolean;
  workers: number;
  rssBytesMax: number;
  rssBytesSum: number;
  samples: number;
}): Sum {
  return {
    requests: row.requests,
    serverErrors: row.serverErrors,
    latency: parseLatency(row.latency),
    cacheHits: row.cacheHits,
    cacheMisses: row.cacheMisses,
    restarts: row.restarts,
    crashLoop: row.crashLoop,
    workers: row.workers,
    memoryMean: row.samples > 0 ? row.rssBytesSum / row.samples : 0,
    memoryMax: row.rssBytesMax,
  };
}

function add(a: Sum, b: Sum): Sum {
  return {
    requests: a.requests + b.requests,
    serverErrors: a.serverErrors + b.serverErrors,
    latency: addLatency(a.latency, b.latency),
    cacheHits: a.cacheHits + b.cacheHits,
    cacheMisses: a.cacheMisses + b.cacheMisses,
    restarts: a.restarts + b.restarts,
    crashLoop: a.crashLoop || b.crashLoop,
    workers: a.workers + b.workers,
    memoryMean: a.memoryMean + b.memoryMean,
    memoryMax: a.memoryMax + b.memoryMax,
  };
}

function measures(sum: Sum, seconds: number): ActivityMeasures {
  const cacheable = sum.cacheHits + sum.cacheMisses;
  return {
    requests: sum.requests,
    requestsPerSecond: (sum.requests + sum.cacheHits) / seconds,
    workerRequestsPerSecond: sum.requests / seconds,
    p50: latencyQuantile(sum.latency, 0.5),
    p95: latencyQuantile(sum.latency, 0.95),
    p99: latencyQuantile(sum.latency, 0.99),
    errorRate: sum.requests > 0 ? sum.serverErrors / sum.requests : null,
    cacheHits: sum.cacheHits,
    cacheHitRatio: cacheable > 0 ? sum.cacheHits / cacheable : null,
    memoryMean: sum.memoryMean,
    memoryMax: sum.memoryMax,
    restarts: sum.restarts,
    workers: sum.workers,
    crashLoop: sum.crashLoop,
  };
}

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}
