/**
 * Two app hosts behind one front end, on one machine: two worker pools, each
 * with its own data dir (run state, page cache) and ports, on one blog
 * database (host A's SQLite file, or the PostgreSQL database given). The
 * front end runs on host A: it serves A's page cache, and balances across
 * both pools with `--count 2 --balancer A,B`.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { blogPool, deployedApp, startWorkers } from '#test/integration/apache/blog-fixture.ts';
import { PoolHarness } from '#test/integration/pool/pool-harness.ts';
import { steadyLoad, type LoadResult } from '#test/support/web-server.ts';
import { waitFor } from '#test/support/wait-for.ts';

export const workersPerHost = 2;

export interface AppHost {
  pool: PoolHarness;
  /** `--count N --listen H:P`, as the host's pool was started. */
  workerArgs: string[];
  /** The first worker's address: the host's entry in --balancer. */
  listen: string;
}

export interface TwoAppHosts {
  a: AppHost;
  b: AppHost;
  app: ReturnType<typeof deployedApp>;
  /** What the config command is given: both hosts' workers. */
  balancerArgs: string[];
}

/**
 * Both hosts' pools running for the calling test file; register it before the file's front end.
 * `databaseUrl` (read in beforeAll, so a database started by an earlier hook can be named) puts the blog there.
 */
export function useTwoAppHosts(options: { databaseUrl?: () => string } = {}): TwoAppHosts {
  const hosts = {} as TwoAppHosts;
  beforeAll(async () => {
    const databaseUrl = options.databaseUrl?.();
    const a = await blogPool({ databaseUrl });
    const b = new PoolHarness();
    b.env.FOLIO_COMMENT_MIN_SECONDS = '0';
    b.env.DATABASE_URL = databaseUrl ?? `file:${path.join(a.dataDir, 'folio.db')}`;
    chmodSync(b.dataDir, 0o755);
    mkdirSync(path.join(b.dataDir, 'cache'), { recursive: true, mode: 0o755 });
    hosts.app = deployedApp();
    hosts.a = await appHost(a);
    hosts.b = await appHost(b);
    hosts.balancerArgs = ['--count', String(workersPerHost), '--balancer', `${hosts.a.listen},${hosts.b.listen}`];
  });
  afterAll(async () => {
    await hosts.a?.pool.cleanup();
    await hosts.b?.pool.cleanup();
    hosts.app?.remove();
  });
  return hosts;
}

async function appHost(pool: PoolHarness): Promise<AppHost> {
  const { workerArgs } = await startWorkers(pool, workersPerHost);
  return { pool, workerArgs, listen: workerArgs[workerArgs.indexOf('--listen') + 1]! };
}

/** Requests answered by the host's workers so far. */
export function served(host: AppHost): number {
  return (host.pool.state()?.workers ?? []).reduce((sum, worker) => sum + (worker.requestsServed ?? 0), 0);
}

/** Pages no front end serves from its cache: each request reaches a worker. */
export const uncachedPaths = ['/?n=1', '/tag/ruby?n=2', '/2024/01/10/ruby-one?n=3', '/archives?n=4'];

/** Sends `total` uncached GETs and waits until both hosts' pools have counted them; returns each host's share. */
export async function shares(url: string, hosts: TwoAppHosts, total: number): Promise<{ a: number; b: number }> {
  const before = { a: served(hosts.a), b: served(hosts.b) };
  const result = await steadyLoad(url, uncachedPaths, { total, concurrency: 2 });
  expect(result.failed).toEqual([]);
  // Each pool writes its counts to its state file a moment after answering.
  return waitFor(
    () => {
      const share = { a: served(hosts.a) - before.a, b: served(hosts.b) - before.b };
      return share.a + share.b >= total ? share : undefined;
    },
    { timeout: 30_000, message: 'both pools to count the requests' },
  );
}

/**
 * Stops one host's pool (B unless told) while readers are loading uncached
 * pages, then sends `after` more: what failed during the stop and after it.
 */
export async function stopHostUnderLoad(
  url: string,
  hosts: TwoAppHosts,
  after: number,
  host: AppHost = hosts.b,
): Promise<{ during: LoadResult; after: LoadResult }> {
  let stopped = false;
  const load = steadyLoad(url, uncachedPaths, { total: 1_000_000, concurrency: 4, stop: () => stopped });
  await load.answered(40);
  const stop = await host.pool.run(['stop']);
  expect(stop.code, stop.stderr).toBe(0);
  await load.answered(load.ok + 40);
  stopped = true;
  const during = await load;
  const afterwards = await steadyLoad(url, uncachedPaths, { total: after, concurrency: 1 });
  return { during, after: afterwards };
}

/** Starts host B's pool again, as it was; resolves once it is ready. */
export function restartHostB(hosts: TwoAppHosts): Promise<void> {
  return restartHost(hosts.b);
}

/** Starts a host's pool again, as it was; resolves once its workers are ready (so serving). */
export async function restartHost(host: AppHost): Promise<void> {
  host.pool.spawn(['start', ...host.workerArgs]);
  await host.pool.ready(workersPerHost);
}

/**
 * Sends uncached GETs until host B's pool answers some again (the front end tries a failed host again
 * after a while); resolves with whatever failed meanwhile.
 */
export async function untilHostBServes(url: string, hosts: TwoAppHosts): Promise<LoadResult['failed']> {
  const before = served(hosts.b);
  const failed: LoadResult['failed'] = [];
  await waitFor(
    async () => {
      failed.push(...(await steadyLoad(url, uncachedPaths, { total: 8, concurrency: 2 })).failed);
      return served(hosts.b) > before;
    },
    { timeout: 60_000, interval: 200, message: 'host B to get requests again' },
  );
  return failed;
}
