/**
 * Where things are on a host, in one place:
 *   <deployTo>/releases/<UTC timestamp>/   one checkout each, REVISION and .deploy-env inside
 *   <deployTo>/current -> releases/<…>     switched atomically
 *   <deployTo>/shared/                     data (database, uploads, cache, log, run), system (maintenance page)
 *   <deployTo>/repo/                       the git mirror (git URL repositories only)
 *   <deployTo>/deploy.lock                 who is deploying, since when
 */
import path from 'node:path';
import type { HostConfig } from '#deploy/configuration.ts';

export interface HostPaths {
  readonly deployTo: string;
  readonly releases: string;
  readonly shared: string;
  readonly current: string;
  readonly lock: string;
  readonly repo: string;
  readonly dataDir: string;
  readonly cacheDir: string;
  readonly logFile: string;
  readonly pidFile: string;
  readonly maintenancePage: string;
  release(name: string): string;
}

/** A release is named by its UTC time to the second: 20260514093000. */
export const releaseName = /^\d{14}$/;

export function hostPaths(host: HostConfig, sharedPaths: readonly { release: string; shared: string }[]): HostPaths {
  const join = (...parts: string[]) => path.posix.join(...parts);
  const shared = join(host.deployTo, 'shared');
  const dataDir = host.env.FOLIO_DATA_DIR ?? join(shared, 'data');
  const system = sharedPaths.find((entry) => entry.release === 'public/system')?.shared ?? 'system';
  return Object.freeze({
    deployTo: host.deployTo,
    releases: join(host.deployTo, 'releases'),
    shared,
    current: join(host.deployTo, 'current'),
    lock: join(host.deployTo, 'deploy.lock'),
    repo: join(host.deployTo, 'repo'),
    dataDir,
    cacheDir: join(dataDir, 'cache'),
    logFile: join(dataDir, 'log', 'workers.log'),
    pidFile: join(dataDir, 'run', 'supervisor.pid'),
    maintenancePage: join(shared, system, 'maintenance.html'),
    release: (name: string) => join(host.deployTo, 'releases', name),
  });
}

/** The release name for a deploy starting at `date`. */
export function newReleaseName(date = new Date()): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}
