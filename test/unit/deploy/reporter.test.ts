import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '#deploy/output/duration.ts';
import { createReporter } from '#deploy/output/reporter.ts';

function sink(isTTY: boolean, width: number | 'unknown' = 120) {
  const columns = width === 'unknown' ? undefined : width;
  let text = '';
  const stream = Object.assign(
    new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) }),
    { isTTY, columns },
  );
  return { stream, text: () => text };
}

const esc = '\x1b';

/** The status block as last drawn: the lines after the last cursor-up. */
function lastStatus(text: string): string[] {
  const block = text.split(new RegExp(`${esc}\\[\\d+A`)).pop() ?? '';
  return block
    .split('\n')
    .map((line) => line.replaceAll('\x1b[2K\r', ''))
    .filter(Boolean);
}

const fetchLine =
  'npm http fetch GET 200 https://registry.npmjs.org/better-sqlite3/-/better-sqlite3-12.11.1.tgz 312ms (cache miss)';

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
      [
        '[db]   3/11 install …',
        '[db]   3/11 install ✓ 41.2 s',
        '[web1] 3/11 install …',
        '[web1] 3/11 install ✗ npm ci failed (exit 1)',
        'warning: rolling back',
        '',
      ].join('\n'),
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

  it("on a terminal, shows what the running command last said (npm's own lines), skipping blank and spinner lines", () => {
    const out = sink(true, 'unknown');
    const reporter = createReporter({ stream: out.stream, hosts: ['web1', 'db'] });
    reporter.phaseStarted('web1', 3, 11, 'install');
    reporter.phaseStarted('db', 3, 11, 'install');
    reporter.output('web1', fetchLine);
    reporter.output(
      'db',
      'npm info run better-sqlite3@12.11.1 install node_modules/better-sqlite3 prebuild-install || node-gyp rebuild --release',
    );
    reporter.output('db', '   ');
    reporter.output('db', '\x1b[1G\x1b[0K⠙');
    reporter.phaseStarted('web1', 3, 11, 'install'); // redraw
    const [web1, db] = lastStatus(out.text());
    // No width known: nothing is cut.
    expect(web1).toMatch(new RegExp(`^web1  ▸  3/11 install +\\d+\\.\\d s +\\d+\\.\\d s$`));
    expect(db).toMatch(
      /^db {4}▸ {2}3\/11 install .* {3}npm info run better-sqlite3@12\.11\.1 install node_modules\/better-sqlite3 prebuild-install \|\| node-gyp rebuild --release$/,
    );
    reporter.output('web1', fetchLine);
    reporter.close();
    expect(lastStatus(out.text())[0]).toContain(fetchLine);
  });

  it('cuts the status line to the terminal width when the width is known', () => {
    const out = sink(true, 60);
    const reporter = createReporter({ stream: out.stream, hosts: ['web1'] });
    reporter.phaseStarted('web1', 3, 11, 'install');
    reporter.output('web1', fetchLine);
    reporter.close();
    const [line] = lastStatus(out.text());
    expect([...line!]).toHaveLength(59);
    expect(line).toMatch(/ {3}npm http f$/);
  });

  it('formats durations for people', () => {
    expect([formatDuration(860), formatDuration(41_230), formatDuration(65_000), formatDuration(3_600_000)]).toEqual([
      '0.9 s',
      '41.2 s',
      '1:05',
      '60:00',
    ]);
  });
});
