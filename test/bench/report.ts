/**
 * The benchmark's printed report: the cases, the sizes and their baselines,
 * the database profile, and the targets with their verdicts. Figures are
 * medians over the rounds with their min–max spread (stats.ts).
 */
import type { SizeResult } from '#test/bench/size-run.ts';
import type { TargetCheck } from '#test/bench/targets.ts';
import { databaseLabels, shapes } from '#test/bench/shapes.ts';
import { baselineLabels, ghostReference, type BaselineName } from '#test/bench/baselines.ts';
import { formatSpread, percent, spreadOf, type Spread } from '#test/bench/stats.ts';

export function casesTable(sizes: SizeResult[]): string {
  const header = [
    'size',
    'shape',
    'db',
    'page',
    'req/s',
    'p50 ms',
    'p99 ms',
    'requests',
    'errors',
    'vs baseline (min–max)',
    'vs SQLite',
    'metrics cost',
  ];
  const rows = sizes.flatMap((s) =>
    s.cases.map((c) => [
      c.size.toLocaleString('en'),
      c.shape,
      c.metrics === 'off' ? `${databaseLabels[c.database]}, metrics off` : databaseLabels[c.database],
      c.page,
      c.rps.median.toFixed(0),
      ms(c.p50Ms),
      ms(c.p99Ms),
      String(c.requests),
      String(c.errors),
      `${formatSpread(c.ratio, percent)} of ${baselineLabels[c.baseline]}`,
      c.vsSqlite ? formatSpread(c.vsSqlite, percent) : '',
      c.vsMetricsOff ? formatSpread(costOf(c.vsMetricsOff), tenths) : '',
    ]),
  );
  return formatTable(header, rows, [4, 5, 6, 7, 8]);
}

/** The cost of metrics from requests/s on ÷ off: 1 − the ratio (its spread's ends swap). */
function costOf(ratio: Spread): Spread {
  return { median: 1 - ratio.median, min: 1 - ratio.max, max: 1 - ratio.min, n: ratio.n };
}

function tenths(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/** Shape (a)'s database side: one request at a time, in process. */
export function profileTable(sizes: SizeResult[]): string {
  const header = ['size', 'db', 'page', 'queries', 'mean', 'request ms', 'SQL ms', 'ORM ms', 'ORM share'];
  const profiles = (s: SizeResult) => [
    ...Object.entries(s.queries).map(([page, q]) => ({ db: databaseLabels.sqlite, page, q })),
    ...Object.entries(s.postgresql?.queries ?? {}).map(([page, q]) => ({ db: databaseLabels.postgresql, page, q })),
  ];
  const rows = sizes.flatMap((s) =>
    profiles(s).map(({ db, page, q }) => [
      s.size.toLocaleString('en'),
      db,
      page,
      q.queriesMedian.toFixed(0),
      q.queriesPerRequest.toFixed(1),
      q.requestMs.toFixed(1),
      q.sqlMsPerRequest.toFixed(1),
      q.ormMsPerRequest.toFixed(1),
      percent(q.ormShare),
    ]),
  );
  return formatTable(header, rows, [3, 4, 5, 6, 7, 8]);
}

/** wrk times finished requests only: with none in any round, there is no latency to show. */
function ms(spread: Spread): string {
  return spread.n === 0 ? 'none done' : spread.median.toFixed(2);
}

export function sizesTable(sizes: SizeResult[]): string {
  const baseline = (s: SizeResult, name: BaselineName) => {
    const runs = s.baselines.filter((b) => b.name === name).flatMap((b) => b.runs.map((r) => r.rps));
    return runs.length ? formatSpread(spreadOf(runs), (x) => x.toFixed(0)) : '-';
  };
  const header = [
    'size',
    'seed s (SQLite / PostgreSQL)',
    'comments',
    'home bytes',
    'cold start ms',
    'RSS MB (a/b/c/d)',
    ...Object.values(baselineLabels),
  ];
  const rows = sizes.map((s) => [
    s.size.toLocaleString('en'),
    [s.seed, s.postgresql?.seed].flatMap((seeded) => (seeded ? [seeded.seedSeconds.toFixed(1)] : [])).join(' / '),
    s.seed.comments.toLocaleString('en'),
    s.homeBytes.toLocaleString('en'),
    formatSpread(s.coldStartMs, (x) => x.toFixed(0)),
    (['a', 'b', 'c', 'd'] as const)
      .map((shape) => (s.rssMb[shape] === undefined ? '-' : s.rssMb[shape].median.toFixed(0)))
      .join(' / '),
    ...(Object.keys(baselineLabels) as BaselineName[]).map((name) => baseline(s, name)),
  ]);
  return formatTable(header, rows, [1, 2, 3, 4, 6, 7, 8]);
}

export function targetsTable(checks: TargetCheck[]): string {
  const mark = { met: 'met', missed: 'MISSED', inconclusive: 'inconclusive', 'not measured': '–' } as const;
  return formatTable(
    ['target', 'measured: median (min–max)', 'verdict'],
    checks.map((c) => [c.target, c.measured, mark[c.status]]),
  );
}

/** The verdict counts, then each inconclusive target with the rows whose spread straddles its line. */
export function verdictLines(checks: TargetCheck[]): string[] {
  const count = (status: TargetCheck['status']) => checks.filter((c) => c.status === status).length;
  return [
    `targets: ${count('met')} met, ${count('missed')} missed, ${count('inconclusive')} inconclusive, ${count('not measured')} not measured`,
    ...checks
      .filter((c) => c.inconclusive.length > 0)
      .map(
        (c) =>
          `  ${c.status === 'inconclusive' ? 'inconclusive' : `${c.status}, and inconclusive at`}: ${c.target} — ${c.inconclusive.join('; ')}`,
      ),
  ];
}

export function skippedLines(sizes: SizeResult[]): string[] {
  return sizes.flatMap((s) =>
    s.skipped.map(
      (k) => `${shapes[k.shape].title} at ${s.size.toLocaleString('en')}: not measured — ${k.reason.split('\n')[0]}`,
    ),
  );
}

export function legend(rounds: number, seconds: number): string {
  return [
    ...Object.values(shapes).map((s) => `${s.title}, against ${baselineLabels[s.baseline]}`),
    `each shape: ${rounds} rounds; a round runs the baseline, two pages, the baseline, the next two, …; ${seconds} s of wrk a run`,
    'req/s, p50, p99: medians over the rounds; vs baseline: per round, the page over the mean of the baseline runs around it',
    'db: the cache-off shapes run each page on SQLite and then on PostgreSQL (a throwaway cluster on this machine) in the same rounds;',
    "  vs SQLite: per round, the PostgreSQL run over the SQLite run just before it (two before, in (a)'s odd rounds)",
    'metrics cost: shape (a) serves each SQLite page from a second server with FOLIO_METRICS=off too, run beside the one with',
    '  metrics on (before it, then after it, round by round); per round, 1 − on ÷ off',
    '  (its target: per size and round, 1 − the geometric mean over the pages)',
    'verdicts: on the median; inconclusive when the min–max spread reaches across the line',
    'requests: finished within the runs; wrk times only those, so with few of them p50/p99 understate the wait',
    'database profile: the app in process, page cache off, one request at a time; queries = round trips of the median request',
    "  (Prisma query events), mean = per request over all of them (a timer's query landing in one counts there),",
    '  SQL ms = their summed durations, ORM ms = time inside Prisma calls (overlaps counted once), ORM share = ORM ms / request ms',
    `Ghost reference (constants, not measured here): home ${ghostReference.home} req/s, post ${ghostReference.post} req/s`,
  ].join('\n');
}

/** A Markdown-compatible table; numeric columns right-aligned. */
export function formatTable(header: string[], rows: string[][], numeric: number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const cell = (c: string, i: number) => (numeric.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (numeric.includes(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
