import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PoolHarness, freePorts, get, steadyTraffic } from '#test/integration/pool/pool-harness.ts';

// A deploy's layout: releases/<a|b> and a `current` symlink. Started with
// --root current, a rolling restart after the link moves runs the new release.

const root = path.resolve(import.meta.dirname, '../../..');
const releaseFiles = ['app', 'config', 'views', 'public', 'prisma', 'package.json', 'tsconfig.json'];

describe('a pool started with --root on a deploy\'s current link', () => {
  let pool: PoolHarness;
  let deployTo: string;
  let port: number;

  beforeAll(async () => {
    pool = new PoolHarness();
    deployTo = mkdtempSync(path.join(tmpdir(), 'folio-deploy-to-'));
    for (const release of ['a', 'b']) {
      const dir = path.join(deployTo, 'releases', release);
      for (const file of releaseFiles) cpSync(path.join(root, file), path.join(dir, file), { recursive: true });
      symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    }
    point('a');
    port = await freePorts(2);
  });
  afterAll(async () => {
    await pool?.cleanup();
    if (deployTo) rmSync(deployTo, { recursive: true, force: true });
  });

  function point(release: string): void {
    symlinkSync(path.join(deployTo, 'releases', release), path.join(deployTo, 'current.new'));
    renameSync(path.join(deployTo, 'current.new'), path.join(deployTo, 'current'));
  }

  const releaseOf = (pid: number) => path.basename(readlinkSync(`/proc/${pid}/cwd`));

  it('runs its workers from the release current points to', async () => {
    const started = await pool.run(['start', '--daemon', '--http', '--listen', `127.0.0.1:${port}`, '--drain-timeout', '60', '--root', path.join(deployTo, 'current')]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
    const pids = await pool.ready(2);
    expect(pids.map(releaseOf)).toEqual(['a', 'a']);
    expect((await get(port + 1)).status).toBe(200);
  });

  it('moves every worker to the new release on restart, refusing nothing', async () => {
    point('b');
    let restarting = true;
    const traffic = steadyTraffic([port, port + 1], () => !restarting);
    await traffic.answered(10);
    const restart = await pool.run(['restart']);
    await traffic.answered(traffic.ok + 10); // the new workers answer too
    restarting = false;
    const { ok, failed } = await traffic;
    expect(restart.code, restart.stderr + pool.log()).toBe(0);
    expect(failed).toEqual([]);
    expect(ok).toBeGreaterThanOrEqual(20);
    expect((await pool.ready(2)).map(releaseOf)).toEqual(['b', 'b']);
  });
});
