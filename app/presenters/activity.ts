/**
 * The activity series as the admin sees it: one chart per measure (the
 * Activity page), one sparkline per measure (the dashboard), and the
 * figures formatted for reading. Times are the blog's time zone.
 */
import { lineChart, sparkline, type ChartLine } from '#app/helpers/svg-chart.ts';
import type { ActivityMeasures, ActivityPoint, ActivitySeries, Period } from '#app/monitor/activity/series.ts';

export interface MeasureView {
  readonly key: string;
  readonly label: string;
  /** The latest known value, formatted ("—" when there is none). */
  readonly current: string;
  readonly svg: string;
}

interface Measure {
  readonly key: string;
  readonly label: string;
  readonly lines: readonly { name: string; value: (p: ActivityMeasures) => number | null; style?: 'area' }[];
  readonly format: (value: number) => string;
  readonly max?: number;
  readonly unit?: number;
}

export const format = Object.freeze({
  rate: (value: number) => `${trim(value, value < 10 ? 2 : 1)}/s`,
  ms: (value: number) => `${trim(value, value < 10 ? 1 : 0)} ms`,
  percent: (value: number) => `${trim(value * 100, value < 0.1 ? 1 : 0)} %`,
  bytes: (value: number) =>
    value >= 1024 ** 3 ? `${trim(value / 1024 ** 3, 1)} GB` : `${trim(value / 1024 ** 2, 0)} MB`,
  count: (value: number) => trim(value, value < 10 && !Number.isInteger(value) ? 1 : 0),
});

const measures: readonly Measure[] = [
  {
    key: 'requests',
    label: 'Requests per second',
    lines: [
      { name: 'all', value: (p) => p.requestsPerSecond, style: 'area' },
      { name: 'by workers', value: (p) => p.workerRequestsPerSecond },
    ],
    format: format.rate,
  },
  {
    key: 'latency',
    label: 'Latency',
    lines: [
      { name: 'p50', value: (p) => p.p50 },
      { name: 'p95', value: (p) => p.p95 },
      { name: 'p99', value: (p) => p.p99 },
    ],
    format: format.ms,
  },
  {
    key: 'errors',
    label: 'Error rate (5xx)',
    lines: [{ name: 'errors', value: (p) => p.errorRate }],
    format: format.percent,
  },
  {
    key: 'cache',
    label: 'Cache hit ratio',
    lines: [{ name: 'hits', value: (p) => p.cacheHitRatio, style: 'area' }],
    format: format.percent,
    max: 1,
  },
  {
    key: 'memory',
    label: 'Worker memory',
    lines: [
      { name: 'mean', value: (p) => p.memoryMean },
      { name: 'largest', value: (p) => p.memoryMax },
    ],
    format: format.bytes,
    unit: 1024 * 1024,
  },
  {
    key: 'restarts',
    label: 'Worker restarts',
    lines: [{ name: 'restarts', value: (p) => p.restarts }],
    format: format.count,
  },
];

const spans: Record<Period, string> = { hour: 'the last hour', day: 'the last 24 hours', month: 'the last 30 days' };

/** The Activity page's charts, one per measure. */
export function activityCharts(series: ActivitySeries, timeZone: string): MeasureView[] {
  const labels = series.points.map(timeLabel(series.period, timeZone));
  return measures.map((measure) => {
    const lines: ChartLine[] = measure.lines.map((line) => ({
      name: line.name,
      values: series.points.map(line.value),
      ...(line.style ? { style: line.style } : {}),
    }));
    const current = latest(series.points, measure.lines[0]!.value);
    const first = lines[0]!.values.filter((value) => value !== null);
    const description =
      first.length === 0
        ? `No data for ${spans[series.period]}.`
        : `${measure.label} over ${spans[series.period]}, one point every ${every(series.bucketSeconds)}: ` +
          `latest ${measure.format(current!)}, highest ${measure.format(Math.max(...first))}.`;
    return {
      key: measure.key,
      label: measure.label,
      current: current === null ? '—' : measure.format(current),
      svg: lineChart({
        id: `chart-${measure.key}`,
        title: `${measure.label}, ${spans[series.period]}`,
        description,
        labels,
        lines,
        format: measure.format,
        ...(measure.max === undefined ? {} : { max: measure.max }),
        ...(measure.unit === undefined ? {} : { unit: measure.unit }),
      }),
    };
  });
}

/** The dashboard's glance: a sparkline per measure with its latest value (p95 for latency, the mean for memory). */
export function activityGlance(series: ActivitySeries): MeasureView[] {
  return measures.map((measure) => {
    const line = measure.key === 'latency' ? measure.lines[1]! : measure.lines[0]!;
    const label = measure.key === 'latency' ? 'Latency p95' : measure.label;
    const current = latest(series.points, line.value);
    return {
      key: measure.key,
      label,
      current: current === null ? '—' : measure.format(current),
      svg: sparkline(`${label}, ${spans[series.period]}`, series.points.map(line.value), measure.max),
    };
  });
}

/** The period's figures, for the summary above the charts. */
export function activityTotals(totals: ActivityMeasures): { label: string; value: string }[] {
  const show = (value: number | null, as: (value: number) => string) => (value === null ? '—' : as(value));
  return [
    { label: 'Requests', value: show(totals.requests + totals.cacheHits, format.count) },
    { label: 'Per second', value: show(totals.requestsPerSecond, format.rate) },
    {
      label: 'Latency p50 / p95 / p99',
      value: [totals.p50, totals.p95, totals.p99].map((v) => show(v, format.ms)).join(' / '),
    },
    { label: 'Error rate', value: show(totals.errorRate, format.percent) },
    { label: 'Cache hit ratio', value: show(totals.cacheHitRatio, format.percent) },
    { label: 'Peak memory', value: show(totals.memoryMax, format.bytes) },
    { label: 'Workers', value: show(totals.workers, format.count) },
    { label: 'Restarts', value: show(totals.restarts, format.count) },
  ];
}

function latest(points: readonly ActivityPoint[], value: (p: ActivityMeasures) => number | null): number | null {
  for (let i = points.length - 1; i >= 0; i -= 1) {
    const found = value(points[i]!);
    if (found !== null) return found;
  }
  return null;
}

function timeLabel(period: Period, timeZone: string): (point: ActivityPoint) => string {
  const formatter = new Intl.DateTimeFormat(
    'en-GB',
    period === 'month'
      ? { timeZone, day: 'numeric', month: 'short' }
      : { timeZone, hour: '2-digit', minute: '2-digit' },
  );
  return (point) => formatter.format(point.start);
}

function every(seconds: number): string {
  return seconds < 60 ? `${seconds} seconds` : seconds < 3600 ? `${seconds / 60} minutes` : `${seconds / 3600} hours`;
}

// Building a number format costs more than using one: one per number of decimals, kept.
const numberFormats = new Map<number, Intl.NumberFormat>();

/** A number with at most `digits` decimals, thousands grouped, no trailing zeros. */
function trim(value: number, digits: number): string {
  let formatter = numberFormats.get(digits);
  if (!formatter)
    numberFormats.set(digits, (formatter = new Intl.NumberFormat('en', { maximumFractionDigits: digits })));
  return formatter.format(value);
}
