import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '#deploy/output/duration.ts';
import { createReporter } from '#deploy/output/reporter.ts';

function sink(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) }), { isTTY, columns: 120 });
  return { stream, text: () => text };
}

describe('the reporter', () => {
  it('writes plain host-prefixed lines when the output is not a terminal', () => {
    const out = sink(false);
    const reporter = createReporter({ stream: out.stream, hosts: ['web1', 'db'] });
    reporter.phaseStarted('db', 3, 11, 'install');
    reporter.phaseDone('db', 'install', 41_200);
    reporter.phaseStarted('web1', 3, 11, 'install');
    reporter.phaseFailed('web1', 'install', 'npm ci failed (exit 1)');
    reporter.warn(undefined, 'rolling back');
    reporter.output('web1', 'hidden unless verbose');
    reporter.close();
    expect(out.text()).toBe(
      ['[db]   3/11 install …', '[db]   3/11 install ✓ 41.2 s', '[web1] 3/11 install …', '[web1] 3/11 install ✗ npm ci failed (exit 1)', 'warning: rolling back', ''].join('\n'),
    );
  });

  it('on a terminal, keeps one status line per host (phase x of y, times) under the scrolling events', () => {
    const out = sink(true);
    const reporter = createReporter({ stream: out.stream, hosts: ['web1', 'db'] });
    reporter.phaseStarted('web1', 2, 11, 'update');
    reporter.phaseStarted('db', 7, 11, 'restart');
    reporter.info('db', 'stopped the worker pool');
    reporter.close();
    const text = out.text();
    expect(text).toMatch(/web1 {2}▸ {2}2\/11 update +\d+\.\d s +\d+\.\d s/);
    expect(text).toMatch(/db {4}▸ {2}7\/11 restart/);
    expect(text).toContain('[db]   stopped the worker pool\n');
    expect(text).toContain('\x1b[2A'); // the status block is redrawn in place
  });

  it('formats durations for people', () => {
    expect([formatDuration(860), formatDuration(41_230), formatDuration(65_000), formatDuration(3_600_000)]).toEqual(['0.9 s', '41.2 s', '1:05', '60:00']);
  });
});
