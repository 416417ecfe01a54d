/** Activity samples for tests: a quiet interval of one host, with what the test cares about filled in. */
import type { ActivitySample } from '#app/monitor/sample.ts';

const megabyte = 1024 * 1024;

export function activitySample(host: string, at: Date, fields: Partial<ActivitySample> = {}): ActivitySample {
  return {
    host,
    at,
    seconds: 10,
    requests: 0,
    clientErrors: 0,
    serverErrors: 0,
    latency: [],
    cacheHits: 0,
    cacheMisses: 0,
    restarts: 0,
    crashLoop: false,
    workers: 2,
    rssBytes: 100 * megabyte,
    diskFreeBytes: 50_000 * megabyte,
    diskTotalBytes: 100_000 * megabyte,
    reads: {},
    referrers: {},
    ...fields,
  };
}

/** `count` requests in the latency bucket `index` (app/monitor/sample.ts LATENCY_BOUNDS_MS). */
export function latencyIn(index: number, count: number): number[] {
  const buckets = Array.from({ length: 12 }, () => 0);
  buckets[index] = count;
  return buckets;
}
