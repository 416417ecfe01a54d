import { describe, it, expect } from 'vitest';
import { lineChart, niceTop, sparkline } from '#app/helpers/svg-chart.ts';

const base = {
  id: 'chart-t',
  title: 'Requests <per> second',
  description: 'Latest 3 & rising',
  labels: ['10:00', '10:01', '10:02', '10:03', '10:04'],
  format: (value: number) => `${value}/s`,
};

describe('SVG charts', () => {
  it('draws a scalable, labelled chart with a title and a description, every text escaped', () => {
    const svg = lineChart({ ...base, lines: [{ name: 'a"b', values: [1, 2, 3, 4, 5] }] });
    expect(svg).toMatch(
      /^<svg class="chart" viewBox="0 0 640 220" role="img" aria-labelledby="chart-t-title chart-t-desc"/,
    );
    expect(svg).toContain('<title id="chart-t-title">Requests &lt;per&gt; second</title>');
    expect(svg).toContain('<desc id="chart-t-desc">Latest 3 &amp; rising</desc>');
    expect(svg).toContain('data-series="a&quot;b"');
    // The value axis: 0 to a round number above 5, in four round steps, labelled by the formatter.
    for (const label of ['0/s', '2/s', '4/s', '6/s', '8/s']) expect(svg).toContain(`>${label}</text>`);
    for (const label of base.labels) expect(svg).toContain(`>${label}</text>`);
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('breaks the line at a gap, and shows a lone point as a dot', () => {
    const svg = lineChart({ ...base, lines: [{ name: 'x', values: [1, 1, null, 2, null] }] });
    const d = /data-series="x" d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d).toMatch(/h0$/);
  });

  it('says so when there is no data, and keeps a fixed top for ratios', () => {
    expect(lineChart({ ...base, lines: [{ name: 'x', values: [null, null] }] })).toContain('No data for this period');
    const ratio = lineChart({
      ...base,
      format: String,
      max: 1,
      lines: [{ name: 'x', values: [0.2, 0.4], style: 'area' }],
    });
    expect(ratio).toContain('>1</text>');
    expect(ratio).toContain('fill-opacity="0.15"');
  });

  it('picks round tops', () => {
    expect(niceTop(0)).toBe(1);
    expect(niceTop(5)).toBe(8);
    expect(niceTop(97)).toBe(100);
    expect(niceTop(0.031)).toBe(0.04);
    expect(niceTop(1234)).toBe(2000);
    // Whole steps: one restart is an axis of 0 to 4, not of quarters.
    expect(niceTop(1, true)).toBe(4);
    expect(niceTop(0, true)).toBe(4);
    expect(niceTop(0.3, true)).toBe(4);
    expect(niceTop(9, true)).toBe(20);
  });

  it('draws a sparkline that stretches to its box, titled', () => {
    const svg = sparkline('Latency <p95>', [1, null, 3]);
    expect(svg).toContain('<title>Latency &lt;p95&gt;</title>');
    expect(svg).toContain('preserveAspectRatio="none"');
    expect(svg).toContain('vector-effect="non-scaling-stroke"');
  });
});
