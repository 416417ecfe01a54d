/**
 * The install phase on two local hosts with a tiny app whose one dependency
 * has a binding.gyp (so it counts as native) and an install script: the
 * first install builds once and ships the tree, a later one hard-links,
 * a host whose platform changed receives from one that reused, a tree that
 * does not load falls back to npm ci, a failed build fails the waiting host
 * too, and a dry run prints the plan and changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlainReporter } from '#deploy/output/reporter.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import { installPhase } from '#deploy/tasks/deploy/install.ts';
import { hostPaths } from '#deploy/tasks/paths.ts';
import type { HostState } from '#deploy/tasks/phases.ts';
import { DryRunTransport } from '#deploy/transport/dry-run.ts';
import { HostSession } from '#deploy/tasks/session.ts';
import { LocalTransport } from '#deploy/transport/local.ts';
import { localWorld, type LocalWorld } from '#test/unit/deploy/local-hosts.ts';

let world: LocalWorld;
let app: string;

beforeAll(async () => {
  world = localWorld();
  expect((await world.run('setup')).error).toBeUndefined();
  app = path.join(world.dir, 'app');
  const dep = path.join(world.dir, 'dep');
  mkdirSync(dep, { recursive: true });
  mkdirSync(app, { recursive: true });
  writeFileSync(
    path.join(dep, 'package.json'),
    JSON.stringify({ name: 'dep', version: '1.0.0', main: 'index.js', scripts: { install: 'echo compiled > built' } }),
  );
  writeFileSync(path.join(dep, 'binding.gyp'), '{}\n');
  // Stands in for a native module built for another platform: it throws where the release has a `broken-here` file.
  writeFileSync(
    path.join(dep, 'index.js'),
    "if (require('node:fs').existsSync('broken-here')) throw new Error('built for another platform');\n",
  );
  execFileSync('npm', ['pack', '--silent', '--pack-destination', app], { cwd: dep });
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { dep: 'file:dep-1.0.0.tgz' } }),
  );
  execFileSync('npm', ['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
  });
}, 120_000);

afterAll(() => world?.remove());

/** A context on both hosts; `said(text)` resolves once the output contains it. */
function harness(options: { dryRun?: boolean } = {}) {
  let text = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      text += chunk.toString();
      for (const waiter of waiting.filter((entry) => text.includes(entry.text))) waiter.resolve();
      done();
    },
  });
  const reporter = new PlainReporter({ stream, hosts: ['a', 'b'] });
  const { config } = world;
  const sessions = config.hosts.map((host) => {
    const transport = options.dryRun
      ? new DryRunTransport(new LocalTransport(), (line) => reporter.info(host.name, line))
      : new LocalTransport();
    return new HostSession(host, hostPaths(host, config.sharedPaths), transport, reporter);
  });
  const context: TaskContext = {
    config,
    task: 'deploy',
    sessions,
    reporter,
    dryRun: options.dryRun ?? false,
    args: [],
    deployer: 'tester@unit',
  };
  const said = (wanted: string) =>
    new Promise<void>((resolve) => (text.includes(wanted) ? resolve() : waiting.push({ text: wanted, resolve })));
  const install = (host: 'a' | 'b', target: string, previous?: string) => {
    const state: HostState = { previous, target, attempted: new Set() };
    return installPhase.run(context, sessions[host === 'a' ? 0 : 1]!, state);
  };
  return { install, said, output: () => text };
}

/** A release of the tiny app on `host`, as the update phase leaves it. */
function release(host: 'a' | 'b', name: string, extra: Record<string, string> = {}): string {
  const dir = path.join(world.deployTo(host), 'releases', name);
  cpSync(app, dir, { recursive: true });
  for (const [file, content] of Object.entries(extra)) writeFileSync(path.join(dir, file), content);
  return dir;
}

const moduleFile = (host: 'a' | 'b', name: string) =>
  path.join(world.deployTo(host), 'releases', name, 'node_modules/dep/index.js');
const platformOf = (host: 'a' | 'b', name: string) =>
  readFileSync(path.join(world.deployTo(host), 'releases', name, '.node-platform'), 'utf8').trim();
const platform = /^[a-z]+-[\w-]+-node\d+-(glibc|musl)$/;

describe('the install phase', { timeout: 180_000 }, () => {
  it('on a first deploy runs npm ci on one host and ships its node_modules to the other', async () => {
    for (const host of ['a', 'b'] as const) release(host, '20260101000000');
    const { install, output } = harness();
    await Promise.all([install('a', '20260101000000'), install('b', '20260101000000')]);
    expect(output().match(/npm ci \(builds for \S+\): no previous release/g)).toHaveLength(1);
    expect(output()).toMatch(/^\[(a|b)\] received node_modules from (a|b) \(/m);
    for (const host of ['a', 'b'] as const) {
      expect(existsSync(moduleFile(host, '20260101000000'))).toBe(true);
      expect(platformOf(host, '20260101000000')).toMatch(platform);
    }
  });

  it('later, with the same lockfile and platform, hard-links the previous release’s node_modules', async () => {
    for (const host of ['a', 'b'] as const) release(host, '20260102000000');
    const { install, output } = harness();
    await Promise.all([
      install('a', '20260102000000', '20260101000000'),
      install('b', '20260102000000', '20260101000000'),
    ]);
    expect(
      output().match(
        /package-lock\.json unchanged: reusing the node_modules of 20260101000000 \(same platform, \S+\)/g,
      ),
    ).toHaveLength(2);
    expect(statSync(moduleFile('a', '20260102000000')).ino).toBe(statSync(moduleFile('a', '20260101000000')).ino);
  });

  it('a host whose previous release was built for another platform receives the tree of a host that reused its own', async () => {
    writeFileSync(
      path.join(world.deployTo('b'), 'releases/20260102000000/.node-platform'),
      'sunos-sparc-node1-glibc\n',
    );
    for (const host of ['a', 'b'] as const) release(host, '20260103000000');
    const { install, output } = harness();
    await install('a', '20260103000000', '20260102000000');
    await install('b', '20260103000000', '20260102000000');
    expect(output()).toMatch(
      /\[b\] waiting for node_modules from a \(same platform, \S+\): the platform changed \(20260102000000: sunos-sparc-node1-glibc\)/,
    );
    expect(output()).toMatch(/\[b\] received node_modules from a \(/);
    expect(platformOf('b', '20260103000000')).toMatch(platform);
  });

  it('runs npm ci itself when the tree it received does not load', async () => {
    release('a', '20260104000000');
    release('b', '20260104000000', { 'broken-here': '' });
    const { install, output } = harness();
    await install('a', '20260104000000');
    await install('b', '20260104000000');
    expect(output()).toMatch(/\[b\] node_modules from a do not load here: ran npm ci \(builds for \S+\)/);
    expect(existsSync(moduleFile('b', '20260104000000'))).toBe(true);
  });

  it('fails the waiting host too when the build fails, naming the builder', async () => {
    const engines = JSON.stringify({
      ...JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')),
      engines: { node: '>=999' },
    });
    release('a', '20260105000000', { '.npmrc': 'engine-strict=true\n', 'package.json': engines }); // npm ci refuses this Node on a
    release('b', '20260105000000');
    const { install, said } = harness();
    const building = install('a', '20260105000000');
    await said('[a] npm ci (builds for');
    const waiting = install('b', '20260105000000');
    await expect(building).rejects.toThrow(/npm ci failed/);
    await expect(waiting).rejects.toThrow(
      /^install failed on a, which was building node_modules for this host too: npm ci failed/,
    );
  });

  it('in a dry run prints the plan and the commands, and changes nothing', async () => {
    for (const host of ['a', 'b'] as const) release(host, '20260106000000');
    const { install, output } = harness({ dryRun: true });
    await install('a', '20260106000000', '20260102000000');
    await install('b', '20260106000000', '20260102000000');
    expect(output()).toMatch(
      /\[a\] plan: reuse the node_modules of 20260102000000 if package-lock\.json is unchanged \(same platform, \S+\); else npm ci \(builds for \S+\)/,
    );
    expect(output()).toMatch(
      /\[b\] plan: receive node_modules from a \(same platform, \S+\) \(20260102000000 was built for sunos-sparc-node1-glibc\)/,
    );
    expect(output()).toMatch(/\[a\] would run: cd \S+\/releases\/20260106000000 && platform=/);
    for (const host of ['a', 'b'] as const)
      expect(existsSync(path.join(world.deployTo(host), 'releases/20260106000000/node_modules'))).toBe(false);
  });
});
