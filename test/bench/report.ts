/** The benchmark's outputs: a table on stdout, JSON, and an SVG chart for the README. */
import type { LoadResult } from '#test/bench/load.ts';

export interface CaseResult extends LoadResult {
  size: number;
  shape: ShapeName;
  page: PageName;
}

export type ShapeName = 'a' | 'b' | 'c' | 'd';
export type PageName = 'home' | 'article' | 'month' | 'tag' | 'feed' | 'search';

export const shapeTitles: Record<ShapeName, string> = {
  a: '(a) 1 worker, HTTP, cache off',
  b: '(b) 1 worker, HTTP, cache warm',
  c: '(c) pool via Apache, cache off',
  d: '(d) Apache, cache warm',
};

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export function table(cases: CaseResult[]): string {
  const header = ['size', 'shape', 'page', 'req/s', 'p50 ms', 'p99 ms', 'errors'];
  const rows = cases.map((c) => [String(c.size), c.shape, c.page, c.rps.toFixed(0), c.p50Ms.toFixed(2), c.p99Ms.toFixed(2), String(c.errors)]);
  return formatTable(header, rows);
}

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * Requests/s per page and shape at one data size, on a log scale, with the
 * baselines drawn as reference lines. Hand-written SVG: a few rectangles do
 * not need a charting library.
 */
export function chart(cases: CaseResult[], baselines: Record<string, number>, size: number, caption: string): string {
  const pages: PageName[] = ['home', 'article', 'month', 'tag', 'feed', 'search'];
  const shapes: ShapeName[] = ['a', 'b', 'c', 'd'];
  const colors: Record<ShapeName, string> = { a: '#9a3412', b: '#ea580c', c: '#1d4ed8', d: '#60a5fa' };
  const width = 760, left = 70, top = 40, plotHeight = 300, bottom = 110;
  const max = Math.max(...cases.map((c) => c.rps), ...Object.values(baselines), 10);
  const y = (rps: number) => top + plotHeight - (Math.log10(Math.max(rps, 1)) / Math.log10(max * 1.2)) * plotHeight;
  const group = (width - left - 20) / pages.length;
  const bar = (group - 16) / shapes.length;
  const parts: string[] = [];
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="600">${escape(caption)}</text>`);
  for (const tick of [10, 100, 1000, 10000, 100000].filter((t) => t <= max * 1.2)) {
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e5e7eb"/><text x="${left - 8}" y="${y(tick) + 4}" font-size="11" text-anchor="end">${tick.toLocaleString('en')}</text>`);
  }
  pages.forEach((page, p) => {
    shapes.forEach((shape, s) => {
      const found = cases.find((c) => c.size === size && c.page === page && c.shape === shape);
      if (!found) return;
      const x = left + p * group + 8 + s * bar;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(found.rps).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(top + plotHeight - y(found.rps)).toFixed(1)}" fill="${colors[shape]}"><title>${shapeTitles[shape]}, ${page}: ${found.rps.toFixed(0)} req/s</title></rect>`);
    });
    parts.push(`<text x="${(left + p * group + group / 2).toFixed(1)}" y="${top + plotHeight + 16}" font-size="12" text-anchor="middle">${page}</text>`);
  });
  Object.entries(baselines).forEach(([name, rps], i) => {
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y(rps)}" y2="${y(rps)}" stroke="#111" stroke-dasharray="${4 + i * 3} 3"/><text x="${width - 22}" y="${y(rps) - 3}" font-size="10" text-anchor="end">${escape(name)} ${rps.toFixed(0)}</text>`);
  });
  shapes.forEach((shape, i) => {
    const x = left + (i % 2) * 320, yy = top + plotHeight + 40 + Math.floor(i / 2) * 20;
    parts.push(`<rect x="${x}" y="${yy - 10}" width="12" height="12" fill="${colors[shape]}"/><text x="${x + 18}" y="${yy}" font-size="12">${escape(shapeTitles[shape])}</text>`);
  });
  parts.push(`<text x="${left}" y="${top + plotHeight + 95}" font-size="11" fill="#555">requests/s, log scale; dashed lines: baselines of the same page size, same run</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + plotHeight + bottom}" font-family="system-ui, sans-serif" viewBox="0 0 ${width} ${top + plotHeight + bottom}"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
