/**
 * The README's chart: requests/s per page and shape (the median of the
 * rounds, with a whisker from the slowest round to the fastest), one panel
 * per data size, on a log scale, with that size's baselines drawn across as
 * dashed lines. Hand-written SVG: a few rectangles do not need a charting
 * library.
 */
import { pageNames } from '#test/bench/pages.ts';
import { shapeNames, shapes, type ShapeName } from '#test/bench/shapes.ts';
import { baselineLabels, ghostReference, type BaselineName } from '#test/bench/baselines.ts';
import type { SizeResult } from '#test/bench/size-run.ts';
import { spreadOf } from '#test/bench/stats.ts';

const colors: Record<ShapeName, string> = { a: '#9a3412', b: '#f97316', c: '#1d4ed8', d: '#60a5fa' };
const width = 780;
const left = 64;
const right = 150;
const panelHeight = 230;
const panelGap = 46;
const top = 96;

export function chart(sizes: SizeResult[], caption: string): string {
  const values = sizes.flatMap((s) => [...s.cases.map((c) => c.rps.max), ...baselineLines(s).map((b) => b.rps)]);
  const max = Math.max(...values, 100) * 1.3;
  const measured = new Set(sizes.flatMap((s) => s.cases.map((c) => c.shape)));
  const parts: string[] = [
    `<text x="${left}" y="22" font-size="15" font-weight="600">${escape(caption)}</text>`,
    legend(measured),
  ];
  sizes.forEach((s, i) => parts.push(panel(s, top + i * (panelHeight + panelGap), max)));
  const height = top + sizes.length * (panelHeight + panelGap) - panelGap + 48;
  parts.push(
    `<text x="${left}" y="${height - 8}" font-size="11" fill="#555">requests/s, log scale; wrk -t2 -c32; bars: medians, whiskers: min–max of the rounds; dashed: baselines (medians), interleaved; dotted: ${escape(`Ghost home ${ghostReference.home} req/s (a constant)`)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`;
}

function panel(s: SizeResult, y0: number, max: number): string {
  const floor = 1;
  const y = (rps: number) =>
    y0 + panelHeight - (Math.log10(Math.max(rps, floor) / floor) / Math.log10(max / floor)) * panelHeight;
  const plotRight = width - right;
  const group = (plotRight - left) / pageNames.length;
  const bar = (group - 14) / shapeNames.length;
  const parts = [
    `<text x="${left}" y="${y0 - 8}" font-size="13" font-weight="600">${s.size.toLocaleString('en')} articles</text>`,
  ];
  for (const tick of [1, 10, 100, 1_000, 10_000, 100_000].filter((t) => t < max)) {
    parts.push(
      `<line x1="${left}" x2="${plotRight}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e5e7eb"/><text x="${left - 6}" y="${(y(tick) + 4).toFixed(1)}" font-size="10" text-anchor="end">${tick.toLocaleString('en')}</text>`,
    );
  }
  pageNames.forEach((page, p) => {
    shapeNames.forEach((shape, k) => {
      const found = s.cases.find(
        (c) => c.page === page && c.shape === shape && c.database === 'sqlite' && c.metrics === 'on',
      );
      if (!found) return;
      const x = left + p * group + 7 + k * bar;
      const median = found.rps.median;
      const middle = (x + (bar - 2) / 2).toFixed(1);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(median).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(y0 + panelHeight - y(median)).toFixed(1)}" fill="${colors[shape]}"><title>${escape(`${shapes[shape].title}, ${page}: ${median.toFixed(0)} req/s (${found.rps.min.toFixed(0)}–${found.rps.max.toFixed(0)}), p99 ${found.p99Ms.median.toFixed(1)} ms`)}</title></rect>`,
        `<line x1="${middle}" x2="${middle}" y1="${y(found.rps.max).toFixed(1)}" y2="${y(found.rps.min).toFixed(1)}" stroke="#111"/>`,
      );
    });
    parts.push(
      `<text x="${(left + p * group + group / 2).toFixed(1)}" y="${y0 + panelHeight + 15}" font-size="11" text-anchor="middle">${page}</text>`,
    );
  });
  const lines = baselineLines(s)
    .map((line, i) => ({ ...line, at: y(line.rps), dash: line.dash ?? `${5 + i * 2} 3` }))
    .sort((p, q) => p.at - q.at);
  let labelAt = -Infinity;
  for (const line of lines) {
    labelAt = Math.max(line.at + 4, labelAt + 12); // labels of close lines stack instead of overlapping
    parts.push(
      `<line x1="${left}" x2="${plotRight}" y1="${line.at.toFixed(1)}" y2="${line.at.toFixed(1)}" stroke="#111" stroke-dasharray="${line.dash}"/><text x="${plotRight + 4}" y="${labelAt.toFixed(1)}" font-size="10">${escape(`${line.name} ${line.rps.toFixed(0)}`)}</text>`,
    );
  }
  return parts.join('');
}

function baselineLines(s: SizeResult): Array<{ name: string; rps: number; dash?: string }> {
  const order: BaselineName[] = ['apacheStatic', 'rawNode', 'expressEjs'];
  const lines: Array<{ name: string; rps: number; dash?: string }> = order.flatMap((name) => {
    const runs = s.baselines.filter((b) => b.name === name).flatMap((b) => b.runs.map((r) => r.rps));
    return runs.length ? [{ name: baselineLabels[name], rps: spreadOf(runs).median }] : [];
  });
  lines.push({ name: 'Ghost home', rps: ghostReference.home, dash: '1 3' });
  return lines;
}

function legend(measured: Set<ShapeName>): string {
  return shapeNames
    .map((shape, i) => {
      const x = left + (i % 2) * 330;
      const y = 40 + Math.floor(i / 2) * 16;
      return `<rect x="${x}" y="${y - 9}" width="11" height="11" fill="${colors[shape]}"/><text x="${x + 15}" y="${y}" font-size="11">${escape(shapes[shape].title + (measured.has(shape) ? '' : ': not measured'))}</text>`;
    })
    .join('');
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
