/**
 * The issue's targets, checked against one run's figures (never by a timed
 * test). Ratios compare each size's figures with the baselines measured
 * right after them; a target whose figures were not taken says so.
 */
import { ghostReference } from '#test/bench/baselines.ts';
import { isCacheable, type PageName } from '#test/bench/pages.ts';
import type { CaseResult, SizeResult } from '#test/bench/size-run.ts';
import type { ShapeName } from '#test/bench/shapes.ts';

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetCheck {
  target: string;
  measured: string;
  status: TargetStatus;
}

export function checkTargets(sizes: SizeResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const check = (
    target: string,
    rows: Array<{ ok: boolean; text: string; badness: number }>,
    none = 'not measured in this run',
  ) => {
    if (rows.length === 0) {
      checks.push({ target, measured: none, status: 'not measured' });
      return;
    }
    const worst = rows.reduce((w, r) => (r.badness > w.badness ? r : w));
    checks.push({
      target,
      measured: rows.length > 1 ? `worst: ${worst.text}` : worst.text,
      status: rows.every((r) => r.ok) ? 'met' : 'missed',
    });
  };
  const cases = (shape: ShapeName, pages?: readonly PageName[]) =>
    sizes.flatMap((s) =>
      s.cases.filter((c) => c.shape === shape && (!pages || pages.includes(c.page))).map((c) => ({ s, c })),
    );
  const at = (c: CaseResult) => `${c.page} at ${c.size.toLocaleString('en')}`;

  for (const page of ['home', 'article'] as const) {
    check(
      `(a) ${page} ≥ 30 % of the minimal Express + EJS page`,
      cases('a', [page]).flatMap(({ s, c }) => {
        const base = s.baselines.expressEjs?.rps;
        return base
          ? [
              {
                ok: c.rps >= 0.3 * base,
                text: `${at(c)}: ${c.rps.toFixed(0)} req/s = ${percent(c.rps / base)}`,
                badness: -c.rps / base,
              },
            ]
          : [];
      }),
    );
    const ghost = page === 'home' ? ghostReference.home : ghostReference.post;
    check(
      `(a) ${page} ≥ 20× Ghost (${ghost} req/s, a constant)`,
      cases('a', [page]).map(({ c }) => ({
        ok: c.rps >= 20 * ghost,
        text: `${at(c)}: ${(c.rps / ghost).toFixed(1)}×`,
        badness: -c.rps,
      })),
    );
  }
  check(
    '(a) ≤ 3 database round trips per page',
    sizes.flatMap((s) =>
      Object.entries(s.queries).map(([page, q]) => ({
        ok: q.queriesPerRequest <= 3,
        text: `${page} at ${s.size.toLocaleString('en')}: ${q.queriesPerRequest.toFixed(1)}`,
        badness: q.queriesPerRequest,
      })),
    ),
  );
  check(
    '(b) every cached page ≥ 50 % of raw node:http',
    ratioRows(cases('b'), (s) => s.baselines.rawNode?.rps, 0.5),
  );
  check(
    '(d) every cached page ≥ 90 % of Apache serving a static file',
    ratioRows(cases('d'), (s) => s.baselines.apacheStatic?.rps, 0.9),
  );

  const ordered = [...sizes].sort((x, y) => x.size - y.size);
  const [smallest, largest] = [ordered[0], ordered.at(-1)];
  const growth =
    smallest && largest && smallest !== largest
      ? largest.cases.flatMap((c) => {
          const base = smallest.cases.find((b) => b.shape === c.shape && b.page === c.page);
          if (!base) return [];
          const ratio = c.p99Ms / base.p99Ms;
          const ms = (value: number) => (Number.isNaN(value) ? 'none done' : `${value.toFixed(1)} ms`);
          return [
            {
              ok: ratio <= 1.5,
              text: `(${c.shape}) ${c.page}: ${ms(base.p99Ms)} → ${ms(c.p99Ms)}${Number.isNaN(ratio) ? '' : ` = ${ratio.toFixed(2)}×`}`,
              badness: Number.isNaN(ratio) ? Infinity : ratio,
            },
          ];
        })
      : [];
  check(`p99 at the largest size ≤ 1.5× p99 at the smallest, every page and shape`, growth, 'needs two sizes');

  check(
    'worker RSS after load ≤ 100 MB',
    sizes.flatMap((s) =>
      Object.entries(s.rssMb).map(([shape, mb]) => ({
        ok: mb <= 100,
        text: `(${shape}) at ${s.size.toLocaleString('en')}: ${mb.toFixed(0)} MB`,
        badness: mb,
      })),
    ),
  );
  check(
    'cold start to first response ≤ 1 s',
    sizes
      .filter((s) => Number.isFinite(s.coldStartMs))
      .map((s) => ({
        ok: s.coldStartMs <= 1000,
        text: `at ${s.size.toLocaleString('en')}: ${s.coldStartMs.toFixed(0)} ms`,
        badness: s.coldStartMs,
      })),
  );
  // The baselines too: an error there would mean the load or the machine, not Folio, and hide in a ratio.
  const runs = sizes.flatMap((s) => [
    ...s.cases.map((c) => ({ label: `(${c.shape}) ${c.page} at ${c.size.toLocaleString('en')}`, errors: c.errors })),
    ...Object.entries(s.baselines).map(([name, b]) => ({
      label: `${name} baseline at ${s.size.toLocaleString('en')}`,
      errors: b.errors,
    })),
  ]);
  check(
    'no errors under load (every case and baseline)',
    runs.length ? [{ ok: runs.every((r) => r.errors === 0), text: errorsText(runs), badness: 0 }] : [],
  );
  return checks;
}

/** Pages the cache serves (search never is), each against its size's baseline. */
function ratioRows(
  rows: Array<{ s: SizeResult; c: CaseResult }>,
  baseline: (s: SizeResult) => number | undefined,
  share: number,
) {
  return rows
    .filter(({ c }) => isCacheable(c.path))
    .flatMap(({ s, c }) => {
      const base = baseline(s);
      return base
        ? [
            {
              ok: c.rps >= share * base,
              text: `${c.page} at ${c.size.toLocaleString('en')}: ${percent(c.rps / base)}`,
              badness: -c.rps / base,
            },
          ]
        : [];
    });
}

function errorsText(runs: Array<{ label: string; errors: number }>): string {
  const failing = runs.filter((r) => r.errors > 0);
  if (failing.length === 0) return `none in ${runs.length} run${runs.length === 1 ? '' : 's'}`;
  return failing.map((r) => `${r.label}: ${r.errors}`).join('; ');
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(0)} %`;
}
