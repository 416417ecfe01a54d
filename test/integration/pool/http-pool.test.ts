import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '#app/server/pool/state-file.ts';
import { root } from '#test/support/cli.ts';
import { PoolHarness, freePorts, get, steadyTraffic } from '#test/integration/pool/pool-harness.ts';

// A detached pool of two plain-HTTP workers, driven through the CLI the way
// an operator would from another shell. The tests run in order.
describe('a pool of two HTTP workers', () => {
  let pool: PoolHarness;
  let port: number;
  let started: Awaited<ReturnType<PoolHarness['run']>>;

  beforeAll(async () => {
    pool = new PoolHarness();
    port = await freePorts(2);
    started = await pool.run([
      'start',
      '--daemon',
      '--http',
      '--count',
      '2',
      '--listen',
      `127.0.0.1:${port}`,
      '--drain-timeout',
      '60',
    ]);
  });
  afterAll(async () => {
    await pool?.cleanup();
  });

  it('starts detached, once both workers are ready, and serves the blog on each port', async () => {
    expect(started.code, started.stderr + pool.log()).toBe(0);
    expect(started.stdout).toMatch(
      /^worker pool ready: supervisor pid \d+, workers \d+, \d+ \(log: .*workers\.log\)$/m,
    );
    for (const target of [port, port + 1]) {
      const res = await get(target);
      expect(res.status).toBe(200);
      expect(res.body).toMatch(/<html/i);
    }
    expect(pool.log()).toMatch(/"worker":"0".*"msg":"worker ready"/);
  });

  it('lists the workers in status', async () => {
    const pids = await pool.ready(2);
    // Counters arrive with the stats round after the first test's requests.
    await pool.waitForState((state) => state.workers.every((w) => w.rssBytes !== null && (w.requestsServed ?? 0) >= 1));
    const state = pool.state()!;
    const status = await pool.run(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`supervisor pid ${state.supervisorPid}, running, http`);
    expect(status.stdout).toMatch(
      /WORKER\s+PID\s+ADDRESS\s+STATE\s+UPTIME\s+REQUESTS\s+RSS \(MB\)\s+RELEASE\s+REVISION/,
    );
    // A checkout without REVISION: the release is its directory's name, the revision unknown.
    expect(status.stdout).toMatch(
      new RegExp(
        `^0\\s+${pids[0]}\\s+127\\.0\\.0\\.1:${port}\\s+ready\\s+(\\d+m)?\\d+s\\s+[1-9]\\d*\\s+\\d+\\.\\d\\s+${escapeRegExp(path.basename(realpathSync(root)))}\\s+-$`,
        'm',
      ),
    );
    expect(status.stdout).toMatch(new RegExp(`^1\\s+${pids[1]}\\s+127\\.0\\.0\\.1:${port + 1}\\s+ready`, 'm'));
  });

  it('refuses a second supervisor on the same data dir', async () => {
    const other = await freePorts(1);
    const second = await pool.run(['start', '--http', '--count', '1', '--listen', `127.0.0.1:${other}`]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/folio: a worker pool supervisor is already running for this data dir \(pid \d+/);
    expect((await get(port)).status).toBe(200);
  });

  it('respawns a worker killed with SIGKILL, which then serves again', async () => {
    const [victim] = await pool.ready(2);
    process.kill(victim!, 'SIGKILL');
    const [replacement] = await pool.waitForState((state) => {
      const row = state.workers.find((w) => w.slot === 0 && w.state === 'ready');
      return row && row.pid !== victim ? [row.pid] : undefined;
    });
    expect(replacement).not.toBe(victim);
    expect((await get(port)).status).toBe(200);
    expect(pool.log()).toMatch(
      new RegExp(`worker 0 \\(pid ${victim}\\) died: it was killed by SIGKILL; respawning in 0.1 s`),
    );
  });

  it('restarts every worker under steady traffic without a single failed request', async () => {
    const before = await pool.ready(2);
    let restarting = true;
    const traffic = steadyTraffic([port, port + 1], () => !restarting);
    await traffic.answered(20);
    const restart = await pool.run(['restart']);
    await traffic.answered(traffic.ok + 20); // the new workers answer too
    restarting = false;
    const { ok, failed } = await traffic;
    expect(restart.code, restart.stderr).toBe(0);
    expect(restart.stdout).toMatch(/^worker 0: pid \d+ → \d+$/m);
    expect(restart.stdout).toContain('rolling restart done');
    expect(failed).toEqual([]);
    console.log(`restart under traffic: ${ok} requests, none failed`);
    expect(ok).toBeGreaterThanOrEqual(40);
    const after = await pool.ready(2);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    for (const pid of before) expect(isAlive(pid)).toBe(false);
  });

  it('stops gracefully: every process gone, run files removed, status says so', async () => {
    const workers = await pool.ready(2);
    const supervisor = pool.state()!.supervisorPid;
    const stop = await pool.run(['stop']);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain(`worker pool stopped (supervisor pid ${supervisor})`);
    for (const pid of [supervisor, ...workers]) expect(isAlive(pid)).toBe(false);
    expect(existsSync(pool.paths.pidFile)).toBe(false);
    expect(existsSync(pool.paths.stateFile)).toBe(false);
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
    const status = await pool.run(['status']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/folio: no worker pool is running for .* \(no .*supervisor\.pid\)/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
