/**
 * Charts as SVG text, drawn on the server: a line (or area) chart with axes
 * and labels, and a sparkline. No library and no script: the markup scales
 * with its viewBox from a phone to a desktop, and carries a <title> and a
 * <desc> for screen readers. A null value is a gap: the line breaks there.
 * Every text that goes in is escaped here.
 */

export interface ChartLine {
  /** Shown in the legend and kept in data-series, so a test can find the line. */
  readonly name: string;
  readonly values: readonly (number | null)[];
  readonly style?: 'line' | 'area';
}

export interface ChartSpec {
  /** Unique on the page: the <title> and <desc> ids derive from it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** One label per point (the values' length); a few evenly spaced ones are drawn under the axis. */
  readonly labels: readonly string[];
  readonly lines: readonly ChartLine[];
  /** A value as the axis shows it ("12 ms", "5 %"). */
  readonly format: (value: number) => string;
  /** A fixed top of the value axis (1 for a ratio); otherwise a round number above the largest value. */
  readonly max?: number;
  /** The unit the axis steps are round in (1024 * 1024 for memory shown in MB); whole units only when given. */
  readonly unit?: number;
}

const colors = ['#0969da', '#bf3989', '#9a6700', '#1a7f37'];
const width = 640;
const height = 220;
const plot = { left: 58, right: 12, top: 26, bottom: 26 };
const valueTicks = 4;
const timeLabels = 6;

export function lineChart(spec: ChartSpec): string {
  const innerWidth = width - plot.left - plot.right;
  const innerHeight = height - plot.top - plot.bottom;
  const count = Math.max(spec.labels.length, ...spec.lines.map((line) => line.values.length));
  const known = spec.lines.flatMap((line) => line.values.filter((value): value is number => value !== null));
  const top = spec.max ?? niceTop(Math.max(0, ...known) / (spec.unit ?? 1), spec.unit !== undefined) * (spec.unit ?? 1);
  const x = (i: number) => plot.left + (count <= 1 ? innerWidth / 2 : (i * innerWidth) / (count - 1));
  const y = (value: number) => plot.top + innerHeight - (Math.min(value, top) / top) * innerHeight;
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${esc(spec.id)}-title ${esc(spec.id)}-desc" data-chart="${esc(spec.id)}">`,
    `<title id="${esc(spec.id)}-title">${esc(spec.title)}</title>`,
    `<desc id="${esc(spec.id)}-desc">${esc(spec.description)}</desc>`,
  ];
  for (let tick = 0; tick <= valueTicks; tick += 1) {
    const value = (top * tick) / valueTicks;
    const at = num(y(value));
    parts.push(
      `<line class="grid" x1="${plot.left}" x2="${width - plot.right}" y1="${at}" y2="${at}" stroke="#d1d9e0" stroke-width="1"/>`,
      `<text x="${plot.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle" font-size="12" fill="#59636e">${esc(spec.format(value))}</text>`,
    );
  }
  for (const i of labelIndexes(count)) {
    const anchor = i === 0 ? 'start' : i === count - 1 ? 'end' : 'middle';
    parts.push(
      `<text x="${num(x(i))}" y="${height - 6}" text-anchor="${anchor}" font-size="12" fill="#59636e">${esc(spec.labels[i] ?? '')}</text>`,
    );
  }
  spec.lines.forEach((line, index) => {
    const color = colors[index % colors.length] ?? colors[0];
    const runs = runsOf(line.values).map((run) => run.map(([i, value]) => [num(x(i)), num(y(value))] as const));
    const d = runs.map((run) => `M${run.map(([px, py]) => `${px} ${py}`).join('L')}${run.length === 1 ? 'h0' : ''}`);
    if (line.style === 'area') {
      const base = num(y(0));
      const fill = runs.map(
        (run) => `M${run[0]![0]} ${base}L${run.map(([px, py]) => `${px} ${py}`).join('L')}L${run.at(-1)![0]} ${base}Z`,
      );
      parts.push(`<path d="${fill.join('')}" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    }
    parts.push(
      `<path data-series="${esc(line.name)}" d="${d.join('')}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
  });
  if (spec.lines.length > 1) parts.push(legend(spec.lines));
  if (known.length === 0)
    parts.push(
      `<text x="${plot.left + innerWidth / 2}" y="${plot.top + innerHeight / 2}" text-anchor="middle" font-size="14" fill="#59636e">No data for this period</text>`,
    );
  parts.push('</svg>');
  return parts.join('');
}

/** A small line without axes (the dashboard's glance), its title read out by screen readers. */
export function sparkline(title: string, values: readonly (number | null)[], max?: number): string {
  const w = 120;
  const h = 32;
  const known = values.filter((value): value is number => value !== null);
  const top = max ?? Math.max(...known, 0) * 1.1;
  const x = (i: number) => (values.length <= 1 ? w / 2 : (i * w) / (values.length - 1));
  const y = (value: number) => (top > 0 ? h - 2 - (Math.min(value, top) / top) * (h - 4) : h - 2);
  const d = runsOf(values)
    .map(
      (run) => `M${run.map(([i, value]) => `${num(x(i))} ${num(y(value))}`).join('L')}${run.length === 1 ? 'h0' : ''}`,
    )
    .join('');
  return (
    `<svg class="sparkline" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" preserveAspectRatio="none" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>` +
    `<path d="${d}" fill="none" stroke="${colors[0]}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"/>` +
    '</svg>'
  );
}

/**
 * The smallest round number (1, 2, 2.5 or 5 times a power of ten, per tick)
 * at or above `max`, so the ticks read well; with `whole`, ticks are whole
 * numbers (restarts, megabytes).
 */
export function niceTop(max: number, whole = false): number {
  if (!(max > 0)) return whole ? valueTicks : 1;
  const rough = max / valueTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10]
    .map((m) => m * power)
    .find((candidate) => candidate >= rough && (!whole || Number.isInteger(candidate)));
  return (step ?? (whole ? Math.max(1, 10 * power) : 10 * power)) * valueTicks;
}

/** The unbroken stretches of known values, each as [index, value] pairs. */
function runsOf(values: readonly (number | null)[]): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push([i, value]);
  });
  if (run.length) runs.push(run);
  return runs;
}

function labelIndexes(count: number): number[] {
  if (count === 0) return [];
  if (count <= timeLabels) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: timeLabels }, (_, k) => Math.round((k * (count - 1)) / (timeLabels - 1)));
}

function legend(lines: readonly ChartLine[]): string {
  let at = plot.left;
  return lines
    .map((line, index) => {
      const color = colors[index % colors.length] ?? colors[0];
      const item =
        `<rect x="${at}" y="6" width="12" height="12" fill="${color}"/>` +
        `<text x="${at + 16}" y="16" font-size="12" fill="#1f2328">${esc(line.name)}</text>`;
      at += 28 + line.name.length * 7;
      return item;
    })
    .join('');
}

const num = (value: number) => String(Math.round(value * 10) / 10);

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
