/**
 * The deploy tool end to end: two real sshd "hosts" on loopback, each with
 * its own host key and deployTo, receiving the real app. One sequence, since
 * each step starts from the state the last one left: the first deploy (the
 * only full `npm ci` per host), a second deploy, rollback, cleanup, the lock,
 * a failure injected at each phase on one host, and a dry run. Then the same
 * through the local transport, on the same directories (its first deploy
 * there reuses node_modules; the ssh hosts' first deploy was the npm ci).
 */
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { after, type Recipe } from '#deploy/dsl.ts';
import { formatDuration } from '#deploy/output/duration.ts';
import {
  commit,
  configure,
  createRepository,
  currentRelease,
  get,
  keepRequesting,
  lockExists,
  poolPid,
  recipe,
  releaseDirs,
  run,
  startHosts,
  type Hosts,
} from '#test/integration/deploy/fixture.ts';
import {
  expectFailureRolledBack,
  expectLive,
  heldDeploy,
  revisionOf,
  snapshot,
} from '#test/integration/deploy/scenarios.ts';

let dir: string;
let repo: string;
let world: Hosts;
let base: Recipe;
const releases: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'folio-deploy-'));
  repo = createRepository(dir);
  world = await startHosts(dir, 2);
  base = recipe(world, repo);
});

afterAll(async () => {
  await world?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each step is a deploy or a rollback on two hosts: minutes on a busy machine, and slow is not wrong.
const deploySteps = { timeout: 900_000 };

describe.sequential('deploying over ssh to two hosts', deploySteps, () => {
  it('sets up both hosts, idempotently, and check finds them ready', async () => {
    const config = configure(base);
    for (let time = 0; time < 2; time += 1) expect((await run(config, 'setup')).ok).toBe(true);
    for (const host of world.hosts)
      expect(statSync(path.join(host.deployTo, 'shared/data/cache')).isDirectory()).toBe(true);
    const check = await run(config, 'check');
    expect(check.ok, check.output).toBe(true);
    expect(check.output).toMatch(/host-a\n {2}✓ connection +ssh 127\.0\.0\.1:\d+: root on Linux/);
    expect(check.output).toMatch(/host-b\n(.*\n)* {2}✓ shared dirs +9 present/);
  });

  it('deploys: both hosts serve the new release from current', async () => {
    const result = await run(configure(base), 'deploy');
    expect(result.ok, result.output + result.error).toBe(true);
    const release = currentRelease(world.hosts[0]!)!;
    releases.push(release);
    await expectLive(world.hosts, release);
    for (const host of world.hosts) {
      expect(revisionOf(host, release)).toMatch(/^[0-9a-f]{40}$/);
      expect(readlinkSync(path.join(host.deployTo, 'releases', release, 'data'))).toBe(
        path.join(host.deployTo, 'shared/data'),
      );
      expect(readlinkSync(path.join(host.deployTo, 'releases', release, 'public/system'))).toBe(
        path.join(host.deployTo, 'shared/system'),
      );
      expect(statSync(path.join(host.deployTo, 'releases', release, '.deploy-env')).mode & 0o777).toBe(0o600);
    }
    // With SQLite each app host owns its database: each migrates, and renders the release before the switch.
    for (const host of ['host-a', 'host-b']) {
      expect(result.output).toMatch(new RegExp(`\\[${host}\\] 4/11 migrate ✓`));
      expect(result.output).toMatch(new RegExp(`\\[${host}\\] 5/11 verify ✓`));
    }
    console.info(
      `first two-host deploy (npm ci on one host, its tree streamed to the other): ${formatDuration(result.ms)}`,
    );
  }); // npm ci on one host (better-sqlite3 from the prebuild the fixture offers), its tree streamed to the other

  it('deploys again from a git URL, reusing node_modules, then rolls back to the release that was live before', async () => {
    const sha = commit(repo, 'a second release');
    const load = keepRequesting(world.hosts);
    const again = await run(configure({ ...base, repository: `file://${repo}` }), 'deploy');
    const served = await load.stop();
    expect(again.ok, again.output + again.error).toBe(true);
    expect(again.output).toContain('package-lock.json unchanged: reusing the node_modules of');
    expect(again.output).toMatch(/\[host-b\] +rolling restart of the worker pool/);
    // The rolling restart hands each worker's listening socket to its replacement: nothing is refused or dropped.
    expect(served.failed).toEqual([]);
    expect(served.answered).toBeGreaterThan(10);
    const second = currentRelease(world.hosts[0]!)!;
    releases.push(second);
    await expectLive(world.hosts, second);
    for (const host of world.hosts) {
      expect(revisionOf(host, second)).toBe(sha);
      expect(readFileSync(path.join(host.deployTo, 'releases', second, '.previous-release'), 'utf8').trim()).toBe(
        releases[0],
      );
    }
    console.info(`second two-host deploy: ${formatDuration(again.ms)}`);

    const duringRollback = keepRequesting(world.hosts);
    const back = await run(configure(base), 'rollback');
    expect((await duringRollback.stop()).failed).toEqual([]);
    expect(back.ok, back.output + back.error).toBe(true);
    await expectLive(world.hosts, releases[0]);
    console.info(`two-host rollback: ${formatDuration(back.ms)}`);

    const table = await run(configure(base), 'releases');
    expect(table.output).toMatch(
      new RegExp(`${second} +[0-9a-f]{10} +yes +yes\\n${releases[0]} +[0-9a-f]{10} +live +live`),
    );
  });

  it('refuses a concurrent deploy, naming who holds the lock, and the held deploy then releases it', async () => {
    const held = heldDeploy(base, world.hosts.length);
    const first = run(held.config, 'deploy');
    await held.locked;
    const second = await run(configure(base), 'deploy');
    held.finish();
    expect(second.ok).toBe(false);
    expect(second.error).toMatch(
      /^deploy refused on host-a, host-b: a deploy is in progress here, locked by \S+@\S+ \(pid \d+, deploy of \d{14}\) since .*\nnothing was changed on any host$/,
    );
    expect((await first).ok).toBe(false);
    await expectLive(world.hosts, releases[0]);
  });

  it.each(['lock', 'update', 'install', 'migrate', 'verify', 'switch', 'restart', 'health'])(
    'a failure at %s on one host leaves both hosts on the previous release, unlocked',
    async (phase) => {
      await expectFailureRolledBack(world.hosts, base, phase);
    },
  );

  it('only warns when cleanup fails: the deploy is live', async () => {
    const result = await run(
      configure({
        ...base,
        hooks: [
          after('deploy:cleanup', 'fail on host-b', ({ host }) => {
            if (host.name === 'host-b') throw new Error('injected');
          }),
        ],
      }),
      'deploy',
    );
    expect(result.ok, result.output + result.error).toBe(true);
    expect(result.output).toMatch(/\[host-b\] warning: cleanup failed \(injected\); the release is live, carrying on/);
    const third = currentRelease(world.hosts[0]!)!;
    expect(third).not.toBe(releases[0]);
    releases.push(third);
    await expectLive(world.hosts, third);
  });

  it('rolls back to the release live before (not the second newest directory), and cleans up to keepReleases, keeping the live one', async () => {
    // releases[2] replaced releases[0] (live after the rollback); releases[1] is newer but was not live before it.
    expect(releaseDirs(world.hosts[0]!)).toEqual(releases);
    expect((await run(configure(base), 'rollback')).ok).toBe(true);
    await expectLive(world.hosts, releases[0]);
    const result = await run(configure({ ...base, keepReleases: 1 }), 'cleanup');
    expect(result.ok, result.output + result.error).toBe(true);
    // The newest (not live) is kept by the count, the live one always.
    for (const host of world.hosts) expect(releaseDirs(host)).toEqual([releases[0], releases[2]].sort());
  });

  it('invokes a command in current with the app environment, tails the log, and puts the maintenance page up and down', async () => {
    const config = configure(base);
    const invoked = await run(config, 'invoke', {
      args: ['--', 'node', '-p', 'process.env.FOLIO_DATA_DIR + " " + process.cwd()'],
    });
    expect(invoked.ok, invoked.error).toBe(true);
    for (const host of world.hosts)
      expect(invoked.output).toContain(
        `[${host.name}] ${host.deployTo}/shared/data ${host.deployTo}/releases/${releases[0]}`,
      );
    const logs = await run(config, 'logs', { args: ['--lines', '3'] });
    expect(logs.ok, logs.error).toBe(true);
    expect(logs.output).toMatch(/^\[host-b\] .+/m);
    expect((await run(config, 'web:disable', { args: ['--reason', 'an upgrade', '--until', 'noon'] })).ok).toBe(true);
    for (const host of world.hosts) {
      const page = path.join(host.deployTo, 'releases', releases[0]!, 'public/system/maintenance.html');
      expect(readFileSync(page, 'utf8')).toContain('folio-test is down for an upgrade.');
    }
    expect((await run(config, 'web:enable')).ok).toBe(true);
    expect(existsSync(path.join(world.hosts[0]!.deployTo, 'shared/system/maintenance.html'))).toBe(false);
  });

  it('prints every command of a dry run and changes nothing', async () => {
    const before = snapshot(world.hosts);
    const result = await run(configure(base), 'deploy', { dryRun: true });
    expect(result.ok, result.output + result.error).toBe(true);
    expect(result.output).toMatch(
      /\[host-a\] would run: git -C \S+ archive --format=tar [0-9a-f]{40} \| mkdir \S+\/releases\/\d{14} && touch \S+\/\.incomplete && tar -x/,
    );
    expect(result.output).toMatch(/\[host-b\] would run: .*mv -fT \S+\/\.current-\d{14} \S+\/current/);
    expect(result.output).toMatch(
      /\[host-a\] would run: <the app environment: NODE_ENV, FOLIO_DATA_DIR, LOG_LEVEL, FOLIO_COMMENT_MIN_SECONDS> \| if \[ ! -d /,
    );
    expect(snapshot(world.hosts)).toEqual(before);
    await expectLive(world.hosts, releases[0]);
  });
});

describe.sequential('the same through the local transport', deploySteps, () => {
  const local = () => ({
    ...base,
    servers: base.servers!.map((server) => ({ ...server, transport: 'local' as const })),
  });

  it('deploys, rolls back and cleans up', async () => {
    const result = await run(configure(local()), 'deploy');
    expect(result.ok, result.output + result.error).toBe(true);
    expect(result.output).not.toContain('ssh');
    const release = currentRelease(world.hosts[0]!)!;
    await expectLive(world.hosts, release);
    const back = await run(configure(local()), 'rollback');
    expect(back.ok, back.output + back.error).toBe(true);
    await expectLive(world.hosts, releases[0]);
    expect((await run(configure({ ...local(), keepReleases: 1 }), 'cleanup')).ok).toBe(true);
    for (const host of world.hosts) expect(releaseDirs(host)).toEqual([releases[0], release].sort());
  });

  it('restarts the live release and applies its migrations', async () => {
    const pids = world.hosts.map((host) => poolPid(host));
    const restarted = await run(configure(local()), 'restart');
    expect(restarted.ok, restarted.output + restarted.error).toBe(true);
    expect(restarted.output).toMatch(/\[host-a\] +rolling restart of the worker pool/);
    expect(world.hosts.map((host) => poolPid(host))).toEqual(pids); // the same supervisors, new workers
    const migrated = await run(configure(local()), 'deploy:migrations');
    expect(migrated.ok, migrated.output + migrated.error).toBe(true);
    for (const host of ['host-a', 'host-b']) expect(migrated.output).toMatch(new RegExp(`\\[${host}\\] 3/4 migrate ✓`));
    await expectLive(world.hosts, releases[0]);
  });

  it('refuses a concurrent deploy', async () => {
    const held = heldDeploy(local(), world.hosts.length);
    const first = run(held.config, 'deploy');
    await held.locked;
    const second = await run(configure(local()), 'deploy');
    held.finish();
    expect(second.error).toMatch(/^deploy refused on host-a, host-b: a deploy is in progress here, locked by/);
    expect((await first).ok).toBe(false);
    for (const host of world.hosts) expect(lockExists(host)).toBe(false);
  });

  it('rolls back a failure on one host', async () => {
    await expectFailureRolledBack(world.hosts, local(), 'install');
  });

  it('changes nothing in a dry run', async () => {
    const before = snapshot(world.hosts);
    expect((await run(configure(local()), 'deploy', { dryRun: true })).ok).toBe(true);
    expect(snapshot(world.hosts)).toEqual(before);
    expect(existsSync(path.join(world.hosts[0]!.deployTo, 'deploy.lock'))).toBe(false);
    expect((await get(world.hosts[0]!)).status).toBe(200);
  });
});
