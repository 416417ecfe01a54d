import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  cpSync,
  mkdtempSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { quote } from '#deploy/transport/shell.ts';
import { PoolHarness, freePorts, get, steadyTraffic } from '#test/integration/pool/pool-harness.ts';

// A deploy's layout: releases/<a|b>, each with its REVISION, and a `current`
// symlink. Started with --root current, a rolling restart after the link
// moves runs the new release, and `workers status` says which runs where.

const root = path.resolve(import.meta.dirname, '../../..');
const releaseFiles = ['app', 'config', 'views', 'public', 'prisma', 'package.json', 'tsconfig.json'];

describe("a pool started with --root on a deploy's current link", () => {
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
      writeFileSync(path.join(dir, 'REVISION'), `${revision(release)}\n`);
      // As the deploy's link phase writes it: only the data dir is needed to find the pool.
      writeFileSync(
        path.join(dir, '.deploy-env'),
        `FOLIO_DATA_DIR=${quote(pool.dataDir)}\nBASE_URL='http://blog.test'\n`,
        { mode: 0o600 },
      );
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
  const revision = (release: string) => release.repeat(40);

  /** What the state file says each worker runs, and what `workers status` prints. */
  async function reported(): Promise<{
    workers: Array<{ release: string | null; revision: string | null }>;
    supervisor: { release: string | null; revision: string | null };
    table: string;
  }> {
    const state = pool.state()!;
    const status = await pool.run(['status']);
    expect(status.code, status.stderr).toBe(0);
    return {
      workers: state.workers.map(({ release, revision }) => ({ release, revision })),
      supervisor: { release: state.supervisorRelease, revision: state.supervisorRevision },
      table: status.stdout,
    };
  }

  it('runs its workers from the release current points to', async () => {
    const started = await pool.run([
      'start',
      '--daemon',
      '--http',
      '--listen',
      `127.0.0.1:${port}`,
      '--drain-timeout',
      '60',
      '--root',
      path.join(deployTo, 'current'),
    ]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
    const pids = await pool.ready(2);
    expect(pids.map(releaseOf)).toEqual(['a', 'a']);
    expect((await get(port + 1)).status).toBe(200);
    const { workers, supervisor, table } = await reported();
    const a = { release: realpathSync(path.join(deployTo, 'releases/a')), revision: revision('a') };
    expect(workers).toEqual([a, a]);
    // The supervisor runs this checkout's code (the harness starts it here): no REVISION.
    expect(supervisor).toEqual({ release: realpathSync(root), revision: null });
    expect(table).toContain(`release ${path.basename(root)}, revision -`);
    expect(table.match(/ a {2,}aaaaaaaaaa\n?/g)).toHaveLength(2);
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
    const { workers, table } = await reported();
    const b = { release: realpathSync(path.join(deployTo, 'releases/b')), revision: revision('b') };
    expect(workers).toEqual([b, b]);
    expect(table.match(/ b {2,}bbbbbbbbbb\n?/g)).toHaveLength(2);
    expect(table).not.toContain('aaaaaaaaaa');
  });

  it('answers `npm run workers -- status` in <deployTo>/current without the environment sourced (.deploy-env)', async () => {
    // Only what a login shell has: no FOLIO_DATA_DIR, so it must come from current's .deploy-env.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() };
    const status = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'workers', '--', 'status'], {
        cwd: path.join(deployTo, 'current'),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      child.once('close', (code) => resolve({ code, out }));
    });
    expect(status.code, status.out).toBe(0);
    expect(status.out).toMatch(/^supervisor pid \d+, running, http/);
    expect(status.out.match(/ b {2,}bbbbbbbbbb\n?/g)).toHaveLength(2);
  });
});
