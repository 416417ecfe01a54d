/**
 * The servers a shape is measured against, one or more per blog, started
 * for the shape and stopped after it (also when it fails): `folio serve`
 * over direct HTTP for (a) and (b), a worker pool behind its own Apache for
 * (c) and (d).
 */
import { freePort } from '#test/support/ports.ts';
import { startFolio, rssMb } from '#test/bench/processes.ts';
import { folioEnv, shapes, type DatabaseName, type Metrics, type ShapeName } from '#test/bench/shapes.ts';
import { startPool, startWebServer } from '#test/bench/web.ts';

/** One database's blog: where the app's files go, and the DATABASE_URL (none: the data dir's SQLite file). */
export interface Blog {
  database: DatabaseName;
  dataDir: string;
  databaseUrl?: string;
}

/** Where a shape answers on one database (metrics on or off), its data dir, its processes and their memory. */
export interface Target {
  database: DatabaseName;
  metrics: Metrics;
  dataDir: string;
  url: string;
  pids(): number[];
  rssMb(): number;
}

/**
 * One `folio serve` per blog; on SQLite, if the shape measures what metrics
 * cost, one with them off first, on the same data dir.
 */
export async function withDirectServers(
  shape: ShapeName,
  blogs: readonly Blog[],
  run: (targets: Target[]) => Promise<void>,
): Promise<void> {
  const targets: Target[] = [];
  const stops: Array<() => Promise<void>> = [];
  try {
    for (const blog of blogs) {
      const metrics: Metrics[] = shapes[shape].metricsOff && blog.database === 'sqlite' ? ['off', 'on'] : ['on'];
      for (const setting of metrics) {
        const server = await startFolio(
          folioEnv(blog.dataDir, shapes[shape].cache, blog.databaseUrl, setting),
          await freePort(),
        );
        stops.push(() => server.stop());
        targets.push({
          ...blog,
          metrics: setting,
          url: server.url,
          pids: () => [server.pid],
          rssMb: () => rssMb(server.pid),
        });
      }
    }
    await run(targets);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** A worker pool behind its own Apache per blog. */
export async function withPoolsBehindApache(
  shape: ShapeName,
  blogs: readonly Blog[],
  appRoot: string,
  run: (targets: Target[]) => Promise<void>,
): Promise<void> {
  const targets: Target[] = [];
  const stops: Array<() => Promise<void>> = [];
  try {
    for (const blog of blogs) {
      const pool = await startPool(folioEnv(blog.dataDir, shapes[shape].cache, blog.databaseUrl));
      stops.push(() => pool.stop());
      const apache = await startWebServer(blog.dataDir, pool, appRoot);
      stops.push(() => apache.close());
      targets.push({
        ...blog,
        metrics: 'on',
        url: apache.url,
        pids: () => pool.workerPids(),
        rssMb: () => Math.max(...pool.workersRssMb()),
      });
    }
    await run(targets);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}
