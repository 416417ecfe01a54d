import { describe, it, expect } from 'vitest';
import { LATENCY_BOUNDS_MS, addCounts, addLatency, latencyBucket, latencyQuantile } from '#app/monitor/sample.ts';

const buckets = (counts: Record<number, number>) =>
  Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => counts[i] ?? 0);

describe('latency buckets', () => {
  it('put a request in the first bucket whose bound it does not pass', () => {
    expect(latencyBucket(0.3)).toBe(0);
    expect(latencyBucket(5)).toBe(0);
    expect(latencyBucket(5.01)).toBe(1);
    expect(latencyBucket(240)).toBe(LATENCY_BOUNDS_MS.indexOf(250));
    expect(latencyBucket(60_000)).toBe(LATENCY_BOUNDS_MS.length);
  });

  it('add up across hosts and times, whatever their lengths', () => {
    expect(addLatency([1, 2], buckets({ 1: 3, 11: 1 }))).toEqual(buckets({ 0: 1, 1: 5, 11: 1 }));
    expect(addLatency([], [])).toEqual(buckets({}));
  });

  it('give quantiles interpolated within a bucket, as histogram_quantile does', () => {
    // 100 requests between 10 and 25 ms: the median is halfway.
    expect(latencyQuantile(buckets({ 2: 100 }), 0.5)).toBeCloseTo(17.5);
    // 90 fast, 10 slow (100-250 ms): p95 falls in the slow bucket's middle.
    expect(latencyQuantile(buckets({ 0: 90, 5: 10 }), 0.95)).toBeCloseTo(175);
    expect(latencyQuantile(buckets({ 0: 90, 5: 10 }), 0.5)).toBeCloseTo(2.78, 1);
    // Slower than every bound: the last bound is all that is known.
    expect(latencyQuantile(buckets({ 11: 4 }), 0.99)).toBe(10_000);
    expect(latencyQuantile(buckets({}), 0.5)).toBeNull();
  });
});

describe('counts by key', () => {
  it('add up without changing either side', () => {
    const a = { '/2026/01/02/a': 2 };
    expect(addCounts(a, { '/2026/01/02/a': 1, '/2026/01/03/b': 4 })).toEqual({
      '/2026/01/02/a': 3,
      '/2026/01/03/b': 4,
    });
    expect(a).toEqual({ '/2026/01/02/a': 2 });
  });
});
