/**
 * Database round trips per page and the share of request time spent in the
 * ORM, for shape (a): the app in this process on the benchmark's database,
 * page cache off, with Prisma's query events (connectDatabase's onQuery and
 * onOperation hooks) counted per request. Requests go one at a time, so
 * each one's ORM time is the union of its operations' intervals (parallel
 * operations are not counted twice).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '#config/environment.ts';
import { createApplication } from '#config/application.ts';
import { createLogger } from '#app/logger.ts';
import { connectDatabase, disconnectDatabase } from '#app/models/db.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';
import { pageCacheOf } from '#app/page-cache/index.ts';
import { discoverPages, type PageName } from '#test/bench/pages.ts';
import { cacheOffEnv } from '#test/bench/shapes.ts';
import { spreadOf } from '#test/bench/stats.ts';

export interface QueryProfile {
  queriesPerRequest: number;
  /**
   * The middle request's round trips: what the page itself costs. The mean
   * also counts what runs beside it now and then (a timer's query landing in
   * a request), which varies with the machine's speed.
   */
  queriesMedian: number;
  /** SQL time per request as Prisma's query events report it, summed (queries run side by side count twice, so it can pass requestMs). */
  sqlMsPerRequest: number;
  /** Time inside Prisma calls per request, the client's own work included. */
  ormMsPerRequest: number;
  /** One request at a time, from the client's side. */
  requestMs: number;
  sqlShare: number;
  ormShare: number;
}

export interface DatabaseProfile {
  paths: Record<PageName, string>;
  /** The home page as this app renders it: the size the baselines answer with. */
  homePage: Buffer;
  profiles: Partial<Record<PageName, QueryProfile>>;
}

/**
 * Finds the pages to measure in this blog (the data dir's SQLite file, or
 * `databaseUrl`), then profiles each. The app's
 * own files (page cache, session secret) go to `scratchDir`, so nothing it
 * writes can be served from the data dir later.
 */
export async function profileDatabase(
  dataDir: string,
  scratchDir: string,
  pages: readonly PageName[],
  databaseUrl = `file:${dataDir}/folio.db`,
): Promise<DatabaseProfile> {
  let queries = 0;
  let sqlMs = 0;
  let operations: Array<[number, number]> = [];
  const config = loadConfig({
    FOLIO_DATA_DIR: scratchDir,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    ...cacheOffEnv,
  });
  await connectDatabase(config.databaseUrl, {
    onQuery: (q) => {
      queries++;
      sqlMs += q.durationMs;
    },
    onOperation: (ms) => {
      const end = performance.now();
      operations.push([end - ms, end]);
    },
  });
  forgetSettings();
  forgetNavigation();
  const app = createApplication(config, createLogger(config));
  const server = http.createServer(app);
  try {
    const paths = await discoverPages();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string) => {
      const res = await fetch(base + path);
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
      return body;
    };
    const homePage = await get(paths.home);
    const profiles: DatabaseProfile['profiles'] = {};
    for (const page of pages) {
      const path = paths[page];
      for (let i = 0; i < 5; i++) await get(path); // JIT, settings and navigation caches
      await pageCacheOf(app)?.idle();
      queries = 0;
      sqlMs = 0;
      operations = [];
      const started = performance.now();
      const perRequest: number[] = [];
      // At least 10 requests and half a second, at most 30: enough to average, cheap on slow pages.
      while (perRequest.length < 10 || (perRequest.length < 30 && performance.now() - started < 500)) {
        const before = queries;
        await get(path);
        perRequest.push(queries - before);
      }
      const repeats = perRequest.length;
      const requestMs = (performance.now() - started) / repeats;
      const ormMs = unionMs(operations) / repeats;
      profiles[page] = {
        queriesPerRequest: queries / repeats,
        queriesMedian: spreadOf(perRequest).median,
        sqlMsPerRequest: sqlMs / repeats,
        ormMsPerRequest: ormMs,
        requestMs,
        sqlShare: sqlMs / repeats / requestMs,
        ormShare: ormMs / requestMs,
      };
    }
    return { paths, homePage, profiles };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const cache = pageCacheOf(app);
    await cache?.idle();
    cache?.close();
    await disconnectDatabase();
  }
}

/** Total length covered by the intervals. */
function unionMs(intervals: Array<[number, number]>): number {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}
