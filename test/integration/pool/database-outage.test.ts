/**
 * A real worker pool on PostgreSQL while the server stops and starts again
 * (a fast shutdown, as a restart or a failover does) and while a server
 * process crashes (PostgreSQL then ends every connection and recovers): the
 * workers answer cached pages and 503s meanwhile, never die (the supervisor
 * respawns none), and serve again by themselves once PostgreSQL is back.
 */
import { execFileSync } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '#test/support/postgres.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { PoolHarness, freePorts } from '#test/integration/pool/pool-harness.ts';

describe('a worker pool while PostgreSQL goes away and comes back', () => {
  let cluster: PostgresCluster;
  let url: string;
  let pool: PoolHarness;
  let port: number;
  let pids: number[];
  const ports = () => [port, port + 1];
  /** Query strings are never cached: this always reaches a worker and its database. */
  const uncached = '/search?q=outage';

  const fetchFrom = async (target: number, urlPath: string) => {
    const res = await fetch(`http://127.0.0.1:${target}${urlPath}`, { redirect: 'manual' });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
  };
  const everyWorker = (urlPath: string) => Promise.all(ports().map((target) => fetchFrom(target, urlPath)));
  const servingAgain = async (): Promise<number> => {
    const started = performance.now();
    await waitFor(async () => (await everyWorker(uncached)).every((res) => res.status === 200), {
      timeout: 30_000,
      message: 'every worker to serve an uncached page again',
    });
    return Math.round(performance.now() - started);
  };

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await createDatabase(cluster, 'folio_pool_outage');
    pool = new PoolHarness();
    pool.env.DATABASE_URL = url;
    port = await freePorts(2);
    const started = await pool.run(['start', '--daemon', '--http', '--count', '2', '--listen', `127.0.0.1:${port}`]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
    pids = await pool.ready(2);
    // The home page, cached by each worker's first answer; the uncached page opens each worker's connections.
    for (const res of await everyWorker('/')) expect(res.status).toBe(200);
    for (const res of await everyWorker(uncached)) expect(res.status).toBe(200);
    await waitFor(async () => (await everyWorker('/')).every((res) => res.status === 200));
  });

  afterAll(async () => {
    await pool?.cleanup();
    await cluster?.stop();
  });

  it('stopped and started: cached pages and 503s meanwhile, serving again by itself', async () => {
    await cluster.halt();
    for (const res of await everyWorker('/')) expect(res.status).toBe(200);
    for (const res of await everyWorker(uncached)) {
      expect(res.status).toBe(503);
      expect(res.retryAfter).toBe('5');
    }
    await cluster.start();
    const ms = await servingAgain();
    console.log(`pool: both workers serving again ${ms} ms after PostgreSQL accepted connections (restart)`);
  });

  it('a crashed server process: every connection ends, PostgreSQL recovers, the workers carry on', async () => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    execFileSync('kill', ['-KILL', String(pid)]);
    const ms = await servingAgain();
    console.log(`pool: both workers serving again ${ms} ms after a server process crashed`);
  });

  it('lost no worker: the same processes throughout, none respawned, nothing logged as a failed request', async () => {
    expect(await pool.ready(2)).toEqual(pids);
    const log = pool.log();
    expect(log).not.toMatch(/died: it/);
    expect(log).not.toMatch(/"level":50/);
    expect(log).toMatch(/"msg":"database down"/);
  });

  it('a worker (re)started while PostgreSQL is down comes up and answers cached pages and 503s', async () => {
    await cluster.halt();
    const [victim] = await pool.ready(2);
    process.kill(victim!, 'SIGKILL');
    await pool.waitForState((state) => {
      const row = state.workers.find((w) => w.slot === 0);
      return row?.state === 'ready' && row.pid !== victim;
    }, 60_000);
    expect((await fetchFrom(port, '/')).status).toBe(200);
    const answer = await fetchFrom(port, uncached);
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('5');
    await cluster.start();
    await servingAgain();
    expect(pool.log().match(/died: it/g)).toHaveLength(1);
  });
});
