import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { PoolHarness, freePorts, get } from '#test/integration/pool/pool-harness.ts';
import { connectDatabase, db, disconnectDatabase } from '#app/models/db.ts';
import { waitFor } from '#test/support/wait-for.ts';
import http from 'node:http';

const host = 'loop-test-host';

/** A GET with a Referer, on a fresh connection. */
function getWithReferer(port: number, urlPath: string, referer: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: { host: 'blog.test', referer } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

// The supervisor's monitor loop, end to end: a real pool sampled every second into the activity series of its
// own database, which the test reads as the admin's Activity page does.
describe("the pool's monitor loop", () => {
  let pool: PoolHarness;
  let port: number;

  beforeAll(async () => {
    pool = new PoolHarness();
    Object.assign(pool.env, { FOLIO_ACTIVITY_SAMPLE_SECONDS: '1', FOLIO_HOST_NAME: host });
    port = await freePorts(2);
    const started = await pool.run(['start', '--daemon', '--http', '--count', '2', '--listen', `127.0.0.1:${port}`]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
    await connectDatabase(`file:${path.join(pool.dataDir, 'folio.db')}`);
  });
  afterAll(async () => {
    await disconnectDatabase();
    await pool?.cleanup();
  });

  const totals = async () => {
    const { _sum } = await db.activityPoint.aggregate({
      where: { tier: 'hour', host },
      _sum: {
        requests: true,
        clientErrors: true,
        serverErrors: true,
        restarts: true,
        cacheMisses: true,
        cacheHits: true,
      },
    });
    return _sum;
  };

  it("records both workers' requests once each, with the article read and the referring site", async () => {
    const home = await get(port, '/');
    const article = /href="(\/\d{4}\/\d{2}\/\d{2}\/[^"#]+)"/.exec(home.body)?.[1];
    expect(article, home.body).toBeDefined();
    expect(await getWithReferer(port + 1, article!, 'https://news.example.com/item?id=42')).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await get(port, `/search?q=a${i}`)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await get(port + 1, `/search?q=b${i}`)).status).toBe(200);
    expect((await get(port + 1, '/no/such/page/at/all')).status).toBe(404);

    const sums = await waitFor(async () => ((await totals()).requests ?? 0) >= 10 && totals(), {
      timeout: 60_000,
      interval: 200,
      message: () => `10 requests in the hour tier\n${pool.log()}`,
    });
    expect(sums).toMatchObject({ requests: 10, clientErrors: 1, serverErrors: 0, restarts: 0 });
    // The home page and the article were rendered and written to the page cache.
    expect(sums.cacheMisses).toBe(2);
    // Asked again, the home page comes from the page cache, answered by the worker's own HTTP server: a hit, not a request.
    expect((await get(port, '/')).status).toBe(200);
    const withHit = await waitFor(async () => ((await totals()).cacheHits ?? 0) >= 1 && totals(), {
      timeout: 60_000,
      interval: 200,
      message: () => `a cache hit in the hour tier\n${pool.log()}`,
    });
    expect(withHit).toMatchObject({ requests: 10, cacheHits: 1, cacheMisses: 2 });
    const counts = await db.activityCount.findMany({ where: { tier: 'day', host } });
    expect(counts.filter((c) => c.kind === 'read').map((c) => [c.key, c.count])).toEqual([[article, 1]]);
    expect(counts.filter((c) => c.kind === 'referrer').map((c) => [c.key, c.count])).toEqual([['news.example.com', 1]]);
    const latest = await db.activityPoint.findFirst({ where: { tier: 'hour', host }, orderBy: { bucket: 'desc' } });
    expect(latest).toMatchObject({ workers: 2, crashLoop: false });
    expect(latest!.rssBytesMax).toBeGreaterThan(10_000_000);
    expect(latest!.diskTotalBytes).toBeGreaterThan(0);
  });

  it('counts a worker that died as a restart, and its replacement from zero', async () => {
    const [victim] = await pool.ready(2);
    process.kill(victim!, 'SIGKILL');
    await pool.waitForState(
      (state) => state.workers.filter((w) => w.state === 'ready' && w.pid !== victim).length === 2,
    );
    expect((await get(port, '/search?q=after')).status).toBe(200);
    const sums = await waitFor(
      async () => {
        const now = await totals();
        return now.restarts === 1 && (now.requests ?? 0) >= 11 && now;
      },
      { timeout: 60_000, interval: 200, message: () => `a restart and the 11th request\n${pool.log()}` },
    );
    expect(sums.requests).toBe(11);
  });
});
