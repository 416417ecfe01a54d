/**
 * The cache-hit count end to end, behind any web server that writes the
 * cache-hit log: a page is cached, then N requests for it are answered by the
 * web server alone (the worker's request count does not move), and the
 * supervisor's reader counts exactly N hits, the article's reads and the
 * referring site, and no client address is in the log.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '#config/environment.ts';
import { openCacheHitLog, type CacheHitCounts } from '#app/monitor/cache-hits/log-reader.ts';
import { addCounts } from '#app/monitor/sample.ts';
import { blogPool, deployedApp, startWorkers } from '#test/integration/apache/blog-fixture.ts';
import { cachedFile } from '#test/integration/apache/front-end.ts';
import type { PoolHarness } from '#test/integration/pool/pool-harness.ts';
import { rawRequest } from '#test/support/web-server.ts';
import { waitFor } from '#test/support/wait-for.ts';

/** The blog with one worker (so its request count is the pool's), and a deployed app: what the web server fronts. */
export function useOneWorkerBlog() {
  const blog = {} as { pool: PoolHarness; app: ReturnType<typeof deployedApp>; workerArgs: string[] };
  beforeAll(async () => {
    blog.pool = await blogPool();
    blog.app = deployedApp();
    blog.workerArgs = (await startWorkers(blog.pool, 1)).workerArgs;
  });
  afterAll(async () => {
    await blog.pool?.cleanup();
    blog.app?.remove();
  });
  return blog;
}

export async function countsCacheHits(pool: PoolHarness, siteUrl: string, siteConfig: string): Promise<void> {
  const config = loadConfig({ ...pool.env, FOLIO_DATA_DIR: pool.dataDir });
  const file = config.monitoring.cacheHitLog;
  expect(file).toBe(path.join(pool.dataDir, 'log', 'cache-hits.log'));
  expect(siteConfig).toContain(file);
  const log = openCacheHitLog(file, { baseUrl: config.baseUrl, logger: pino({ level: 'silent' }) });
  try {
    const article = '/2024/01/10/ruby-one';
    expect((await rawRequest(siteUrl + article)).status).toBe(200);
    await cachedFile(path.join(pool.dataDir, 'cache', `${article.slice(1)}.html`));
    const served = await workerRequests(pool, 1);
    expect(await log.read()).toEqual({ hits: 0, reads: {}, referrers: {} });

    const referers = [
      'https://news.example/item?id=1',
      // Quotes and a backslash, escaped by the web server, unescaped by the reader.
      'https://news.example/?q="a\\b"',
      `${config.baseUrl}/tag/ruby`,
      undefined,
    ];
    const n = 12;
    for (let i = 0; i < n; i += 1) {
      const referer = referers[i % referers.length];
      const answer = await rawRequest(siteUrl + article, { headers: referer ? { referer } : {} });
      expect(answer.status).toBe(200);
    }
    // One request that must reach the worker (a query string is never served from the cache): once the worker
    // has counted it, it has counted everything sent before it, and that was nothing of the N.
    expect((await rawRequest(`${siteUrl}${article}?from=test`)).status).toBe(200);
    expect(await workerRequests(pool, served + 1)).toBe(served + 1);

    // The web server writes a line after its answer: read until all N are in.
    let total: CacheHitCounts = { hits: 0, reads: {}, referrers: {} };
    await waitFor(
      async () => {
        const more = await log.read();
        total = {
          hits: total.hits + more.hits,
          reads: addCounts(total.reads, more.reads),
          referrers: addCounts(total.referrers, more.referrers),
        };
        return total.hits >= n;
      },
      { timeout: 30_000, message: () => `${n} hits in ${file}; counted ${JSON.stringify(total)}` },
    );
    expect(total).toEqual({ hits: n, reads: { [article]: n }, referrers: { 'news.example': n / 2 } });
    const lines = readFileSync(file, 'utf8');
    expect(lines).not.toContain('127.0.0.1');
    expect(lines.trim().split('\n')).toHaveLength(n);
  } finally {
    log.close();
  }
}

/** The pool's requests served, once the state file shows at least `atLeast`. */
async function workerRequests(pool: PoolHarness, atLeast: number): Promise<number> {
  return pool.waitForState((state) => {
    const served = state.workers.reduce((sum, worker) => sum + (worker.requestsServed ?? 0), 0);
    return served >= atLeast ? served : undefined;
  }, 60_000);
}
