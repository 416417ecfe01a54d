/**
 * `npm run bench -- [--quick] [--sizes 1000,10000] [--pages home,article]
 * [--shapes a,b] [--databases sqlite,postgresql] [--rounds N] [--seconds N]`.
 * The default set is the issue's; --quick is a small subset for development
 * (PostgreSQL in shape (a) at 1,000 only; `--databases sqlite` leaves it
 * out). Only the default set writes latest.*.
 */
import { parseArgs } from 'node:util';
import { pageNames, type PageName } from '#test/bench/pages.ts';
import { databaseNames, shapeNames, type DatabaseName, type ShapeName } from '#test/bench/shapes.ts';

export interface BenchOptions {
  sizes: number[];
  pages: PageName[];
  shapes: ShapeName[];
  /** SQLite always; PostgreSQL (a throwaway cluster) for the cache-off shapes, beside it. */
  databases: DatabaseName[];
  /** Interleaved rounds per shape: each page and its baseline run once a round (interleave.ts). */
  rounds: number;
  /** Seconds of wrk per run. */
  seconds: number;
  /** `latest` for the default set, `quick` for any other selection. */
  resultName: 'latest' | 'quick';
}

export const defaults = {
  sizes: [1000, 10_000, 100_000],
  pages: [...pageNames],
  shapes: [...shapeNames],
  databases: [...databaseNames],
  rounds: 4,
  seconds: 1,
};
const quick = {
  sizes: [1000],
  pages: ['home', 'article'] as PageName[],
  shapes: ['a', 'b'] as ShapeName[],
  databases: [...databaseNames],
  rounds: 4,
  seconds: 1,
};

export const usage =
  'usage: npm run bench -- [--quick] [--sizes 1000,10000,100000] [--pages home,article,month,tag,feed,search] [--shapes a,b,c,d] [--databases sqlite,postgresql] [--rounds 4] [--seconds 1]';

export function parseOptions(args: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        quick: { type: 'boolean' },
        sizes: { type: 'string' },
        pages: { type: 'string' },
        shapes: { type: 'string' },
        databases: { type: 'string' },
        rounds: { type: 'string' },
        seconds: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) throw new UsageError(usage);
  const base = values.quick ? quick : defaults;
  const options = {
    sizes:
      values.sizes === undefined
        ? base.sizes
        : list(values.sizes, '--sizes', (s) =>
            /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 1_000_000 ? Number(s) : undefined,
          ),
    pages:
      values.pages === undefined ? base.pages : list(values.pages, '--pages', (p) => pageNames.find((n) => n === p)),
    shapes:
      values.shapes === undefined
        ? base.shapes
        : list(values.shapes, '--shapes', (s) => shapeNames.find((n) => n === s)),
    databases:
      values.databases === undefined
        ? base.databases
        : list(values.databases, '--databases', (d) => databaseNames.find((n) => n === d)),
    // Fewer than 3 rounds and the min–max spread says almost nothing about the median (stats.ts).
    rounds: values.rounds === undefined ? base.rounds : whole(values.rounds, '--rounds', 3, 20),
    seconds: values.seconds === undefined ? base.seconds : whole(values.seconds, '--seconds', 1, 60),
  };
  if (!options.databases.includes('sqlite'))
    throw new UsageError(`--databases: PostgreSQL is measured beside SQLite, so give sqlite too\n${usage}`);
  const isDefault =
    !values.quick &&
    values.sizes === undefined &&
    values.pages === undefined &&
    values.shapes === undefined &&
    values.databases === undefined &&
    values.rounds === undefined &&
    values.seconds === undefined;
  return { ...options, resultName: isDefault ? 'latest' : 'quick' };
}

export class UsageError extends Error {}

function list<T>(raw: string, option: string, parse: (item: string) => T | undefined): T[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const parsed = items.map((item) => {
    const value = parse(item);
    if (value === undefined) throw new UsageError(`${option}: "${item}" is not one of the choices\n${usage}`);
    return value;
  });
  if (parsed.length === 0) throw new UsageError(`${option}: give at least one\n${usage}`);
  return [...new Set(parsed)];
}

function whole(raw: string, option: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new UsageError(`${option}: expected ${min}..${max}, got "${raw}"\n${usage}`);
  return Number(raw);
}
