import { describe, it, expect } from 'vitest';
import { checkTargets, metricsCost } from '#test/bench/targets.ts';
import type { CaseResult, SizeResult } from '#test/bench/size-run.ts';
import { spreadOf } from '#test/bench/stats.ts';
import type { PageRun } from '#test/bench/interleave.ts';

function runs(rps: number[]): PageRun[] {
  return rps.map((r) => ({ rps: r, p50Ms: 1, p99Ms: 2, errors: 0, requests: r, baselineRps: 1000 }));
}

function pageCase(page: CaseResult['page'], metrics: CaseResult['metrics'], rps: number[], off?: number[]): CaseResult {
  return {
    size: 1000,
    shape: 'a',
    database: 'sqlite',
    metrics,
    page,
    path: `/${page}`,
    baseline: 'expressEjs',
    rps: spreadOf(rps),
    p50Ms: spreadOf([1]),
    p99Ms: spreadOf([2]),
    ratio: spreadOf([0.5]),
    ...(off ? { vsMetricsOff: spreadOf(rps.map((r, i) => r / off[i]!)) } : {}),
    requests: 0,
    errors: 0,
    runs: runs(rps),
  };
}

function size(cases: CaseResult[]): SizeResult {
  return {
    size: 1000,
    cases,
    queries: {},
    rssMb: {},
    coldStartMs: spreadOf([]),
    baselines: [],
  } as unknown as SizeResult;
}

describe('the metrics cost target', () => {
  it('is, per round, 1 − the geometric mean over the pages of requests/s with metrics on ÷ off', () => {
    const homeOff = [100, 200, 100];
    const articleOff = [400, 400, 400];
    const sizes = [
      size([
        pageCase('home', 'off', homeOff),
        pageCase('home', 'on', [99, 196, 100], homeOff),
        pageCase('article', 'off', articleOff),
        pageCase('article', 'on', [396, 388, 400], articleOff),
      ]),
    ];
    const [row] = metricsCost(sizes);
    expect(row!.what).toBe('(a) 2 pages at 1,000');
    // Round 1: √(0.99 × 0.99) = 0.99; round 2: √(0.98 × 0.97); round 3: 1.
    expect(row!.value.n).toBe(3);
    expect(row!.value.min).toBeCloseTo(0, 10);
    expect(row!.value.median).toBeCloseTo(0.01, 10);
    expect(row!.value.max).toBeCloseTo(1 - Math.sqrt(0.98 * 0.97), 10);
    const target = checkTargets(sizes).find((c) => c.target.startsWith('metrics cost'))!;
    expect(target.status).toBe('met');
    expect(target.measured).toBe('(a) 2 pages at 1,000: 1.0 % (0.0 %–2.5 %)');
    // The metrics-off cases are not the product's figures: (a)'s ratio targets read the metrics-on ones only.
    const home = checkTargets(sizes).find((c) => c.target.startsWith('(a) home ≥ 30 %'))!;
    expect(home.rows.map((r) => r.what)).toEqual(['home at 1,000']);
  });

  it('is not measured without shape (a)', () => {
    const target = checkTargets([size([])]).find((c) => c.target.startsWith('metrics cost'))!;
    expect(target.status).toBe('not measured');
  });
});
