/**
 * `npm run bench -- [--quick] [--sizes 1000,10000] [--pages home,article]
 * [--shapes a,b] [--seconds N]`. The default set is the issue's; --quick is
 * a small subset for development. Only the default set writes latest.*.
 */
import { parseArgs } from 'node:util';
import { pageNames, type PageName } from '#test/bench/pages.ts';
import { shapeNames, type ShapeName } from '#test/bench/shapes.ts';

export interface BenchOptions {
  sizes: number[];
  pages: PageName[];
  shapes: ShapeName[];
  /** Seconds of wrk per case. */
  seconds: number;
  /** `latest` for the default set, `quick` for any other selection. */
  resultName: 'latest' | 'quick';
}

export const defaults = { sizes: [1000, 10_000, 100_000], pages: [...pageNames], shapes: [...shapeNames], seconds: 3 };
const quick = {
  sizes: [1000],
  pages: ['home', 'article'] as PageName[],
  shapes: ['a', 'b'] as ShapeName[],
  seconds: 2,
};

export const usage =
  'usage: npm run bench -- [--quick] [--sizes 1000,10000,100000] [--pages home,article,month,tag,feed,search] [--shapes a,b,c,d] [--seconds 3]';

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
    seconds: values.seconds === undefined ? base.seconds : whole(values.seconds),
  };
  const isDefault =
    !values.quick &&
    values.sizes === undefined &&
    values.pages === undefined &&
    values.shapes === undefined &&
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

function whole(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 60)
    throw new UsageError(`--seconds: expected 1..60, got "${raw}"\n${usage}`);
  return Number(raw);
}
