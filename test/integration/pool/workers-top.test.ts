import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { root } from '#test/support/cli.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { PoolHarness, freePorts, get, steadyTraffic } from '#test/integration/pool/pool-harness.ts';

// `workers top` against a real pool of two HTTP workers under traffic: piped
// it prints one frame, and in a terminal (a pseudo-terminal from util-linux
// `script`) it redraws until q and puts the terminal back.
describe('workers top', () => {
  let pool: PoolHarness;
  let port: number;

  beforeAll(async () => {
    pool = new PoolHarness();
    // Every request rendered: a page the HTTP fast path answers from the cache never reaches the app's latency histogram.
    pool.env.FOLIO_PAGE_CACHE = 'off';
    port = await freePorts(2);
    const started = await pool.run(['start', '--daemon', '--http', '--count', '2', '--listen', `127.0.0.1:${port}`]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
  });
  afterAll(async () => {
    await pool?.cleanup();
  });

  it('piped, prints one frame: each worker’s rates and latency over its last stats interval, and the pool’s', async () => {
    const pids = await pool.ready(2);
    let running = true;
    const traffic = steadyTraffic([port, port + 1], () => !running);
    // Worker 0 also answers 404s all along, so its last interval has some whenever it ends.
    const notFound = (async () => {
      const statuses = new Set<number>();
      while (running) statuses.add((await get(port, '/no-such-page')).status);
      return statuses;
    })();
    await traffic.answered(20);
    const top = await pool.run(['top']); // stdout is a pipe: one frame, after the workers' next reports
    running = false;
    expect((await traffic).failed).toEqual([]);
    expect([...(await notFound)]).toEqual([404]);
    expect(top.code, top.stderr).toBe(0);
    const frame = top.stdout;
    expect(frame).not.toContain('\x1b[');
    expect(frame).toMatch(/^supervisor pid \d+, running, http, up \d+s; stats as of \d+\.\ds ago$/m);
    expect(frame).toMatch(
      /^WORKER\s+PID\s+STATE\s+UPTIME\s+REQ\/S\s+ACTIVE\s+4XX\/S\s+5XX\/S\s+P50 MS\s+P95 MS\s+P99 MS\s+RSS MB\s+DEATHS$/m,
    );
    // REQ/S, ACTIVE, 4XX/S, 5XX/S, P50, P95, P99 (ms), RSS, DEATHS.
    const positive = String.raw`(0\.[1-9]|[1-9]\d*(\.\d)?)`;
    const figures = (fourXX: string) =>
      String.raw`\s+${positive}\s+\d+\s+${fourXX}\s+0\s+${positive}\s+${positive}\s+${positive}\s+\d+\.\d\s+0$`;
    expect(frame).toMatch(new RegExp(String.raw`^0\s+${pids[0]}\s+ready\s+\d+s${figures(positive)}`, 'm'));
    expect(frame).toMatch(new RegExp(String.raw`^1\s+${pids[1]}\s+ready\s+\d+s${figures('0')}`, 'm'));
    expect(frame).toMatch(new RegExp(String.raw`^POOL\s+2/2 ready\s+\d+s${figures(positive)}`, 'm'));
    // The percentiles come in order.
    for (const line of frame.split('\n').filter((l) => /^(0|1|POOL)\s/.test(l))) {
      const [p50, p95, p99] = line.trim().split(/\s+/).slice(-5, -2).map(Number);
      expect(p50).toBeLessThanOrEqual(p95!);
      expect(p95).toBeLessThanOrEqual(p99!);
    }
    expect(frame).toMatch(/rates and latency over each worker's last stats interval \(\d\.\d s\)/);
  });

  it.each([
    ['q', 'q'],
    ['Ctrl-C', '\x03'],
  ])('in a terminal, redraws every interval until %s, then leaves the screen as it found it', async (_name, key) => {
    await pool.ready(2);
    const command = [process.execPath, path.join(root, 'app/commands/launch.mjs'), 'workers', 'top', '--interval', '1'];
    const child = spawn(
      'script',
      ['--quiet', '--return', '--command', command.map(shellQuote).join(' '), '/dev/null'],
      {
        cwd: root,
        env: pool.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const frames = () => output.split('\x1b[H\x1b[2J').length - 1;
    await waitFor(() => frames() >= 2, { timeout: 30_000, message: () => `two frames; got:\n${output}` });
    child.stdin.write(key); // stdin stays open: script hands the pseudo-terminal EOF when it closes
    const [code] = (await once(child, 'exit')) as [number | null];
    child.stdin.end();
    expect(code, output).toBe(0);
    expect(output.indexOf('\x1b[?1049h\x1b[?25l')).toBeGreaterThanOrEqual(0);
    expect(output.trimEnd().endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
    expect(output).toMatch(/^POOL\s+2\/2 ready/m);
    expect(output).toContain('every 1 s; q or Ctrl-C to quit');
  });

  it('refuses a bad --interval, and says when no pool runs', async () => {
    const bad = await pool.run(['top', '--interval', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--interval: expected a whole number 1..3600, got "0"');
    const elsewhere = new PoolHarness();
    try {
      const none = await elsewhere.run(['top', '--once']);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/no worker pool is running for .* \(no .*supervisor\.pid\)/);
    } finally {
      await elsewhere.cleanup();
    }
  });
});

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}
