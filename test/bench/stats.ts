/**
 * What a few interleaved rounds say, and the verdict a target gets from
 * them. The spread is the smallest and the largest sample: with n rounds the
 * true median lies between them with probability 1 − 2^(1−n) (88 % at the
 * default 4 rounds, 94 % at 5), whatever the distribution, so a target whose line falls
 * inside that range cannot be decided by this run and is called inconclusive
 * instead of flipping between met and missed with the weather.
 */

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Samples it was taken from (NaN samples, such as a run with no finished request, left out). */
  n: number;
}

export type Verdict = 'met' | 'missed' | 'inconclusive';

/** `atLeast`: the figure must reach the line (throughput); `atMost`: it must stay under it (latency, memory). */
export type Direction = 'atLeast' | 'atMost';

export function spreadOf(samples: readonly number[]): Spread {
  const sorted = samples.filter((x) => !Number.isNaN(x)).sort((x, y) => x - y);
  const n = sorted.length;
  if (n === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const middle = Math.floor(n / 2);
  const median = n % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[n - 1]!, n };
}

/** Judged on the median; inconclusive when the spread reaches both sides of the line. */
export function verdict(spread: Spread, line: number, direction: Direction): Verdict {
  if (spread.n === 0) return 'inconclusive';
  const passes = (x: number) => (direction === 'atLeast' ? x >= line : x <= line);
  if (passes(spread.min) !== passes(spread.max)) return 'inconclusive';
  return passes(spread.median) ? 'met' : 'missed';
}

/**
 * How far the median sits from the line, as a factor: above 1 on the good
 * side. Orders a target's rows from worst to best.
 */
export function margin(spread: Spread, line: number, direction: Direction): number {
  if (Number.isNaN(spread.median)) return -Infinity;
  return direction === 'atLeast' ? spread.median / line : line / spread.median;
}

/** `median (min–max)`, each figure through `format`; a single sample shows only itself. */
export function formatSpread(spread: Spread, format: (x: number) => string): string {
  if (spread.n === 0) return 'none';
  if (spread.n === 1 || spread.min === spread.max) return format(spread.median);
  return `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`;
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(0)} %`;
}
