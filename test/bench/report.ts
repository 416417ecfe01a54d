/** The benchmark's printed report: one table of cases, one of sizes and baselines, one of targets. */
import type { SizeResult } from '#test/bench/size-run.ts';
import type { TargetCheck } from '#test/bench/targets.ts';
import { percent } from '#test/bench/targets.ts';
import { shapes, type ShapeName } from '#test/bench/shapes.ts';
import { ghostReference } from '#test/bench/baselines.ts';

/** Which same-size baseline each shape is compared with in the table. */
const comparedWith: Record<ShapeName, { name: string; of: (s: SizeResult) => number | undefined }> = {
  a: { name: 'Express+EJS', of: (s) => s.baselines.expressEjs?.rps },
  b: { name: 'node:http', of: (s) => s.baselines.rawNode?.rps },
  c: { name: 'Express+EJS', of: (s) => s.baselines.expressEjs?.rps },
  d: { name: 'Apache static', of: (s) => s.baselines.apacheStatic?.rps },
};

export function casesTable(sizes: SizeResult[]): string {
  const header = ['size', 'shape', 'page', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'vs baseline'];
  const rows = sizes.flatMap((s) =>
    s.cases.map((c) => {
      const base = comparedWith[c.shape].of(s);
      return [
        c.size.toLocaleString('en'),
        c.shape,
        c.page,
        c.rps.toFixed(0),
        ms(c.p50Ms),
        ms(c.p99Ms),
        String(c.requests),
        String(c.errors),
        base ? `${percent(c.rps / base)} of ${comparedWith[c.shape].name}` : '',
      ];
    }),
  );
  return formatTable(header, rows, [3, 4, 5, 6, 7]);
}

/** Shape (a)'s database side: one request at a time, in process. */
export function profileTable(sizes: SizeResult[]): string {
  const header = ['size', 'page', 'queries', 'request ms', 'SQL ms', 'ORM ms', 'ORM share'];
  const rows = sizes.flatMap((s) =>
    Object.entries(s.queries).map(([page, q]) => [
      s.size.toLocaleString('en'),
      page,
      q.queriesPerRequest.toFixed(1),
      q.requestMs.toFixed(1),
      q.sqlMsPerRequest.toFixed(1),
      q.ormMsPerRequest.toFixed(1),
      percent(q.ormShare),
    ]),
  );
  return formatTable(header, rows, [2, 3, 4, 5, 6]);
}

/** wrk times finished requests only: with none, there is no latency to show. */
function ms(value: number): string {
  return Number.isNaN(value) ? 'none done' : value.toFixed(2);
}

export function sizesTable(sizes: SizeResult[]): string {
  const rps = (load: { rps: number } | undefined) => (load ? load.rps.toFixed(0) : '-');
  const header = [
    'size',
    'seed s',
    'comments',
    'home bytes',
    'cold start ms',
    'RSS MB (a/b/c/d)',
    'node:http',
    'Express+EJS',
    'Apache static',
  ];
  const rows = sizes.map((s) => [
    s.size.toLocaleString('en'),
    s.seed.seedSeconds.toFixed(1),
    s.seed.comments.toLocaleString('en'),
    s.homeBytes.toLocaleString('en'),
    Number.isFinite(s.coldStartMs) ? s.coldStartMs.toFixed(0) : '-',
    (['a', 'b', 'c', 'd'] as const)
      .map((shape) => (s.rssMb[shape] === undefined ? '-' : s.rssMb[shape].toFixed(0)))
      .join(' / '),
    rps(s.baselines.rawNode),
    rps(s.baselines.expressEjs),
    rps(s.baselines.apacheStatic),
  ]);
  return formatTable(header, rows, [1, 2, 3, 4, 6, 7, 8]);
}

export function targetsTable(checks: TargetCheck[]): string {
  const mark = { met: 'met', missed: 'MISSED', 'not measured': '–' } as const;
  return formatTable(
    ['target', 'measured', ''],
    checks.map((c) => [c.target, c.measured, mark[c.status]]),
  );
}

export function skippedLines(sizes: SizeResult[]): string[] {
  return sizes.flatMap((s) =>
    s.skipped.map(
      (k) => `${shapes[k.shape].title} at ${s.size.toLocaleString('en')}: not measured — ${k.reason.split('\n')[0]}`,
    ),
  );
}

export function legend(): string {
  return [
    ...Object.values(shapes).map((s) => s.title),
    'requests: finished within the run; wrk times only those, so with few of them p50/p99 understate the wait',
    'database profile: the app in process, page cache off, one request at a time; queries = round trips (Prisma query events),',
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
