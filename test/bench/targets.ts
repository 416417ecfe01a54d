/** The targets, checked against one run's figures (never by a timed test). */
import type { CaseResult, TargetCheck } from '#test/bench/report.ts';
import type { QueryProfile } from '#test/bench/queries.ts';

export interface RunFigures {
  cases: CaseResult[];
  baselines: { rawNode: number; expressEjs: number; apacheStatic: number };
  ghost: { home: number; post: number };
  queries: Record<number, Record<string, QueryProfile>>;
  rssMb: number;
  coldStartMs: number;
}

export function checkTargets(run: RunFigures): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const sizes = [...new Set(run.cases.map((c) => c.size))].sort((a, b) => a - b);
  const largest = sizes.at(-1)!;
  const smallest = sizes[0]!;
  const find = (size: number, shape: string, page: string) => run.cases.find((c) => c.size === size && c.shape === shape && c.page === page);
  const percent = (n: number) => `${(n * 100).toFixed(0)} %`;

  for (const page of ['home', 'article']) {
    const a = find(largest, 'a', page);
    if (a) {
      const ratio = a.rps / run.baselines.expressEjs;
      checks.push({ target: `(a) ${page} ≥ 30 % of Express + EJS`, measured: `${a.rps.toFixed(0)} req/s = ${percent(ratio)}`, met: ratio >= 0.3 });
      const ghost = page === 'home' ? run.ghost.home : run.ghost.post;
      checks.push({ target: `(a) ${page} ≥ 20× Ghost (${ghost} req/s)`, measured: `${(a.rps / ghost).toFixed(0)}×`, met: a.rps >= 20 * ghost });
    }
    const profile = run.queries[largest]?.[page];
    if (profile) checks.push({ target: `(a) ${page}: ≤ 3 database round trips`, measured: `${profile.queriesPerRequest.toFixed(1)} per request`, met: profile.queriesPerRequest <= 3 });
  }
  const bHits = run.cases.filter((c) => c.size === largest && c.shape === 'b');
  if (bHits.length) {
    const worst = bHits.reduce((m, c) => (c.rps < m.rps ? c : m));
    const ratio = worst.rps / run.baselines.rawNode;
    checks.push({ target: '(b) every page ≥ 50 % of raw node:http', measured: `worst ${worst.page}: ${percent(ratio)}`, met: ratio >= 0.5 });
  }
  const dHits = run.cases.filter((c) => c.size === largest && c.shape === 'd');
  if (dHits.length) {
    const worst = dHits.reduce((m, c) => (c.rps < m.rps ? c : m));
    const ratio = worst.rps / run.baselines.apacheStatic;
    checks.push({ target: '(d) every page ≥ 90 % of Apache static', measured: `worst ${worst.page}: ${percent(ratio)}`, met: ratio >= 0.9 });
  }
  if (largest !== smallest) {
    const growth = run.cases.filter((c) => c.size === largest).map((c) => {
      const base = find(smallest, c.shape, c.page);
      return { c, ratio: base ? c.p99Ms / base.p99Ms : 1 };
    });
    const worst = growth.reduce((m, g) => (g.ratio > m.ratio ? g : m), growth[0]!);
    checks.push({ target: `p99 at ${largest.toLocaleString('en')} ≤ 1.5× p99 at ${smallest.toLocaleString('en')}`, measured: `worst (${worst.c.shape}) ${worst.c.page}: ${worst.ratio.toFixed(2)}×`, met: growth.every((g) => g.ratio <= 1.5) });
  }
  checks.push({ target: 'worker RSS after load ≤ 100 MB', measured: `${run.rssMb.toFixed(0)} MB`, met: run.rssMb <= 100 });
  checks.push({ target: 'cold start to first response ≤ 1 s', measured: `${run.coldStartMs.toFixed(0)} ms`, met: run.coldStartMs <= 1000 });
  const errors = run.cases.reduce((sum, c) => sum + c.errors, 0);
  checks.push({ target: 'no errors under load', measured: `${errors}`, met: errors === 0 });
  return checks;
}
