import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatReleases } from '#deploy/tasks/releases.ts';
import { maintenancePage } from '#deploy/tasks/web.ts';
import { localWorld, type LocalWorld } from '#test/unit/deploy/local-hosts.ts';

let world: LocalWorld;
beforeEach(async () => {
  world = localWorld();
  expect((await world.run('setup')).error).toBeUndefined();
});
afterEach(() => world.remove());

/** Fake releases on a host (what a deploy leaves: REVISION, .deploy-env), current pointing at `live`. */
function releasesOn(host: 'a' | 'b', names: string[], live: string): void {
  for (const name of names) {
    const dir = path.join(world.deployTo(host), 'releases', name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'REVISION'), `${name}abcdef\n`);
    writeFileSync(path.join(dir, '.deploy-env'), '');
  }
  symlinkSync(path.join(world.deployTo(host), 'releases', live), path.join(world.deployTo(host), 'current'));
}

describe('setup', () => {
  it('creates the tree, and running it again changes nothing', async () => {
    const tree = () => readdirSync(world.deployTo('a'), { recursive: true }).sort();
    const first = tree();
    expect(first).toEqual(
      expect.arrayContaining([
        'releases',
        'shared',
        'shared/data/cache',
        'shared/data/uploads',
        'shared/data/run',
        'shared/data/log',
        'shared/system',
      ]),
    );
    await world.run('setup');
    expect(tree()).toEqual(first);
  });

  it('in a dry run prints the mkdir and creates nothing', async () => {
    const fresh = localWorld();
    const { output } = await fresh.run('setup', [], { dryRun: true });
    expect(output).toContain(`[a] would run: mkdir -p ${fresh.deployTo('a')} ${fresh.deployTo('a')}/releases`);
    expect(existsSync(fresh.deployTo('a'))).toBe(false);
    fresh.remove();
  });
});

describe('releases and cleanup', () => {
  it('lists releases by host, marking the live one', async () => {
    releasesOn('a', ['20260101000000', '20260102000000'], '20260101000000');
    releasesOn('b', ['20260102000000'], '20260102000000');
    const { output } = await world.run('releases');
    expect(output).toBe(
      [
        'release         revision    a     b',
        '20260102000000  2026010200  yes   live',
        '20260101000000  2026010100  live  -',
        '',
      ].join('\n'),
    );
  });

  it('keeps the newest keepReleases, and always the live one even when it is the oldest', async () => {
    const names = ['20260101000000', '20260102000000', '20260103000000', '20260104000000'];
    releasesOn('a', names, names[0]!);
    releasesOn('b', names, names[3]!);
    const { output, error } = await world.run('cleanup');
    expect(error).toBeUndefined();
    expect(readdirSync(path.join(world.deployTo('a'), 'releases')).sort()).toEqual([names[0], names[2], names[3]]);
    expect(readdirSync(path.join(world.deployTo('b'), 'releases')).sort()).toEqual([names[2], names[3]]);
    expect(output).toMatch(/\[b\] removed 2 old release\(s\): 20260101000000, 20260102000000/);
  });

  it('marks a release a failed deploy left as failed, then the next locked run removes it and never counts it', async () => {
    const names = ['20260101000000', '20260102000000', '20260103000000'];
    releasesOn('a', names, names[1]!);
    releasesOn('b', names.slice(0, 2), names[1]!);
    writeFileSync(path.join(world.deployTo('a'), 'releases', names[2]!, '.incomplete'), '');
    expect((await world.run('releases')).output).toContain(`${names[2]}  2026010300  failed  -`);
    const { output, error } = await world.run('cleanup');
    expect(error).toBeUndefined();
    expect(output).toMatch(/\[a\] removed release 20260103000000, left incomplete by a deploy that failed/);
    expect(output).toMatch(/\[a\] 2 release\(s\), nothing to remove/);
    expect(readdirSync(path.join(world.deployTo('a'), 'releases')).sort()).toEqual(names.slice(0, 2));
  });

  it('formats an empty table', () => {
    expect(formatReleases([{ host: 'a', live: undefined, releases: new Map() }])).toBe('no releases yet');
  });
});

describe('the maintenance page', () => {
  it('is written into shared/system on web hosts with the reason and time escaped, and removed again', async () => {
    const { error } = await world.run('web:disable', ['--reason', 'a <b>database</b> upgrade', '--until', '14:00 UTC']);
    expect(error).toBeUndefined();
    const page = readFileSync(path.join(world.deployTo('a'), 'shared/system/maintenance.html'), 'utf8');
    expect(page).toContain('unit is down for a &#60;b&#62;database&#60;/b&#62; upgrade.');
    expect(page).toContain('back 14:00 UTC');
    await world.run('web:enable');
    expect(existsSync(path.join(world.deployTo('a'), 'shared/system/maintenance.html'))).toBe(false);
  });

  it('has defaults', () => {
    expect(maintenancePage('blog')).toContain('<title>blog is down for maintenance</title>');
  });
});

describe('deploy:unlock', () => {
  it('removes a lock left by a run that died, saying whose it was', async () => {
    const lock = {
      token: 'x',
      holder: 'ada@laptop',
      pid: 4242,
      since: new Date().toISOString(),
      task: 'deploy',
      release: '20260101000000',
    };
    writeFileSync(path.join(world.deployTo('b'), 'deploy.lock'), JSON.stringify(lock));
    const { output } = await world.run('deploy:unlock');
    expect(output).toMatch(/\[a\] not locked/);
    expect(output).toMatch(/\[b\] removed the lock held by ada@laptop \(pid 4242, deploy of 20260101000000\) since /);
    expect(existsSync(path.join(world.deployTo('b'), 'deploy.lock'))).toBe(false);
  });
});
