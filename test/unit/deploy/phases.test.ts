import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sh } from '#deploy/transport/shell.ts';
import { TaskFailed } from '#deploy/tasks/context.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { initialStates, runPhases, type Phase } from '#deploy/tasks/phases.ts';
import { localWorld, type LocalWorld } from '#test/unit/deploy/local-hosts.ts';

let world: LocalWorld;
beforeEach(async () => {
  world = localWorld();
  await world.run('setup');
});
afterEach(() => world.remove());

/** A phase that leaves a marker file on each host (undo removes it), failing on `failOn`. */
function marker(name: string, options: { failOn?: string; critical?: boolean } = {}): Phase {
  return {
    name,
    description: `marker ${name}`,
    undoDescription: `remove marker ${name}`,
    critical: options.critical ?? true,
    async run(_context, session) {
      await session.run(sh`touch ${path.join(session.paths.deployTo, name)}`);
      if (session.name === options.failOn) throw new Error(`${name} broke on ${session.name}`);
    },
    undo: (_context, session) =>
      session.run(sh`rm -f ${path.join(session.paths.deployTo, name)}`).then(() => undefined),
  };
}

const has = (host: 'a' | 'b', file: string) => existsSync(path.join(world.deployTo(host), file));

describe('runPhases', () => {
  it('runs each phase on every host before the next, and undoes what began, on every host, when one fails', async () => {
    const { context, output } = world.context('deploy');
    const states = initialStates(context);
    const run = runPhases(context, [marker('one'), marker('two', { failOn: 'b' }), marker('three')], states);
    await expect(run).rejects.toThrow(TaskFailed);
    await expect(run).rejects.toThrow(/^deploy failed at two on b: two broke on b\nrolled back on every host/);
    for (const host of ['a', 'b'] as const) {
      expect(has(host, 'one') || has(host, 'two') || has(host, 'three')).toBe(false);
      expect(states.get(host)!.attempted).toEqual(new Set(['one', 'two']));
    }
    expect(output()).toMatch(/\[a\] 2\/3 two ✓/);
    expect(output()).toMatch(/\[b\] 2\/3 two ✗ two broke on b/);
    expect(output()).toMatch(/\[b\] undone one: remove marker one/);
  });

  it('only warns when a non-critical phase fails, and carries on', async () => {
    const { context, output } = world.context();
    await runPhases(
      context,
      [marker('one'), marker('tidy', { failOn: 'a', critical: false }), marker('last')],
      initialStates(context),
    );
    expect(has('a', 'one') && has('a', 'last') && has('b', 'last')).toBe(true);
    expect(output()).toMatch(/\[a\] warning: tidy failed \(tidy broke on a\); the release is live, carrying on/);
  });
});

describe('the deploy lock', () => {
  it('refuses a second run with who holds it and since when, and the refused run leaves the lock alone', async () => {
    const first = world.context('deploy');
    const held = newLock(first.context, '20260101000000');
    await runPhases(first.context, [lockPhase(held)], initialStates(first.context));
    const lockFile = path.join(world.deployTo('a'), 'deploy.lock');
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({
      holder: 'tester@unit',
      task: 'deploy',
      release: '20260101000000',
    });

    const second = world.context('rollback');
    const lock = newLock(second.context);
    await expect(
      runPhases(second.context, [lockPhase(lock), unlockPhase(lock)], initialStates(second.context)),
    ).rejects.toThrow(
      /^rollback refused on a, b: a deploy is in progress here, locked by tester@unit \(pid \d+, deploy of 20260101000000\) since .* \(\d+ s ago\)\. If that run is gone, remove the lock with: npm run deploy -- deploy:unlock\nnothing was changed on any host$/,
    );
    expect(existsSync(lockFile)).toBe(true);

    await runPhases(first.context, [unlockPhase(held)], initialStates(first.context));
    expect(existsSync(lockFile) || has('b', 'deploy.lock')).toBe(false);
  });

  it('takes over a lock whose run is gone (a dead pid of this user on this machine), and reports one it cannot tell is gone', async () => {
    const { context, output } = world.context('deploy');
    const me = { ...context, deployer: `tester@${os.hostname()}` };
    const dead = spawnSync(process.execPath, ['-e', '0']).pid; // a pid that has exited
    const lockFile = (host: 'a' | 'b') => path.join(world.deployTo(host), 'deploy.lock');
    const abandoned = {
      token: 'gone',
      holder: me.deployer,
      pid: dead,
      since: new Date(Date.now() - 7_200_000).toISOString(),
      task: 'deploy',
      release: '20260101000000',
    };
    writeFileSync(lockFile('a'), JSON.stringify(abandoned));
    writeFileSync(lockFile('b'), JSON.stringify({ ...abandoned, holder: 'ada@elsewhere' }));
    const lock = newLock(me);
    const run = runPhases(me, [lockPhase(lock), unlockPhase(lock)], initialStates(me));
    await expect(run).rejects.toThrow(
      /^deploy refused on b: a deploy is in progress here, locked by ada@elsewhere \(pid \d+, deploy of 20260101000000\) since .* \(2 h ago\)\. The lock is over an hour old\. If that run is gone/,
    );
    expect(output()).toMatch(
      new RegExp(
        `\\[a\\] warning: took over the lock left by tester@${os.hostname()} \\(pid ${dead}, deploy of 20260101000000\\) .*: that run is gone`,
      ),
    );
    // Undone: host a's lock (ours now) removed, host b's left to its owner.
    expect(existsSync(lockFile('a'))).toBe(false);
    expect(JSON.parse(readFileSync(lockFile('b'), 'utf8'))).toMatchObject({ holder: 'ada@elsewhere' });
  });

  it('is refused on a host that was never set up', async () => {
    const fresh = localWorld();
    const { context } = fresh.context();
    await expect(runPhases(context, [lockPhase(newLock(context))], initialStates(context))).rejects.toThrow(
      /is not set up on this host: run npm run deploy -- setup/,
    );
    fresh.remove();
  });
});
