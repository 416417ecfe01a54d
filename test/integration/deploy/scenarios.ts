/**
 * Deploy scenarios shared by the ssh and local transports: the same
 * assertions, run against whichever configuration the test file built.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Configuration } from '#deploy/configuration.ts';
import { after, before, type Recipe } from '#deploy/dsl.ts';
import {
  configure,
  currentRelease,
  get,
  lockExists,
  poolPid,
  releaseDirs,
  run,
  type TestHost,
} from '#test/integration/deploy/fixture.ts';

/** Every host serves `release` from current, with a running pool answering 200. */
export async function expectLive(hosts: readonly TestHost[], release: string | undefined): Promise<void> {
  for (const host of hosts) {
    expect(currentRelease(host), `${host.name}: current`).toBe(release);
    expect(lockExists(host), `${host.name}: lock left behind`).toBe(false);
    expect(poolPid(host), `${host.name}: worker pool`).toBeDefined();
    expect((await get(host)).status, `${host.name}: GET /`).toBe(200);
  }
}

/** A recipe like `base`, plus a hook that throws after `phase` on `failing` only. */
export function failingAt(base: Recipe, phase: string, failing: string): Configuration {
  return configure({
    ...base,
    hooks: [
      after(`deploy:${phase}`, `inject a failure on ${failing}`, ({ host }) => {
        if (host.name === failing) throw new Error(`injected failure after ${phase}`);
      }),
    ],
  });
}

/** A failed deploy leaves every host exactly as it was: same current, same releases, no lock, the old pool serving. */
export async function expectFailureRolledBack(hosts: readonly TestHost[], base: Recipe, phase: string): Promise<void> {
  const before = hosts.map((host) => ({ current: currentRelease(host), releases: releaseDirs(host) }));
  const failing = hosts[1]!.name;
  const result = await run(failingAt(base, phase, failing), 'deploy');
  expect(result.ok, result.output).toBe(false);
  expect(result.error).toMatch(
    new RegExp(`^deploy failed at ${phase} on ${failing}: injected failure after ${phase}\\nrolled back on every host`),
  );
  hosts.forEach((host, index) => {
    expect(currentRelease(host), `${host.name}: current after a failure at ${phase}`).toBe(before[index]!.current);
    expect(releaseDirs(host), `${host.name}: releases after a failure at ${phase}`).toEqual(before[index]!.releases);
  });
  await expectLive(hosts, before[0]!.current);
}

/** Holds a deploy inside its update phase (lock taken on every host) until `finish` is called. */
export function heldDeploy(
  base: Recipe,
  hosts: number,
): { config: Configuration; locked: Promise<void>; finish(): void } {
  let arrived = 0;
  let onLocked!: () => void;
  let finish!: () => void;
  const locked = new Promise<void>((resolve) => (onLocked = resolve));
  const released = new Promise<void>((resolve) => (finish = resolve));
  const config = configure({
    ...base,
    hooks: [
      before('deploy:update', 'wait while another deploy is tried', async () => {
        arrived += 1;
        if (arrived === hosts) onLocked();
        await released;
        throw new Error('stopped after the concurrency check');
      }),
    ],
  });
  return { config, locked, finish };
}

/** Everything under each deployTo except the running app's own files (logs, database, pids): what a dry run must not change. */
export function snapshot(hosts: readonly TestHost[]): string[] {
  const entries: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const shown = `${prefix}/${name}`;
      if (/^\/shared\/data\/(log|run|folio\.db|session-secret)/.test(shown.replace(/^\/[^/]+/, ''))) continue;
      if (/\/releases\/\d+\/node_modules$/.test(shown)) continue; // large; its presence is enough
      const stat = lstatSync(file);
      if (stat.isSymbolicLink()) entries.push(`${shown} -> ${readlinkSync(file)}`);
      else if (stat.isDirectory()) {
        entries.push(`${shown}/`);
        walk(file, shown);
      } else entries.push(`${shown} ${stat.size} ${stat.mtimeMs}`);
    }
  };
  for (const host of hosts) if (existsSync(host.deployTo)) walk(host.deployTo, `/${host.name}`);
  return entries;
}

export function revisionOf(host: TestHost, release: string): string {
  return readFileSync(path.join(host.deployTo, 'releases', release, 'REVISION'), 'utf8').trim();
}
