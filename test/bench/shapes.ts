/** The four production shapes the issue measures, the yardstick each is held to, and how the page cache is switched off. */
import type { BaselineName } from '#test/bench/baselines.ts';

export const shapeNames = ['a', 'b', 'c', 'd'] as const;
export type ShapeName = (typeof shapeNames)[number];

export interface Shape {
  title: string;
  via: 'http' | 'apache';
  cache: 'off' | 'warm';
  /** Measured interleaved with the shape's pages; every ratio of the shape is to it. */
  baseline: BaselineName;
  /**
   * Whether each SQLite page also runs on a second server with metrics off
   * (FOLIO_METRICS=off), in the same rounds, for what counting requests
   * costs. The cold shape (a): one process rendering every request is where
   * a per-request cost shows most, with nothing in front to hide it.
   */
  metricsOff?: boolean;
}

export const shapes: Record<ShapeName, Shape> = {
  a: { title: '(a) 1 worker, HTTP, cache off', via: 'http', cache: 'off', baseline: 'expressEjs', metricsOff: true },
  b: { title: '(b) 1 worker, HTTP, cache warm', via: 'http', cache: 'warm', baseline: 'rawNode' },
  c: { title: '(c) 2 workers via Apache, cache off', via: 'apache', cache: 'off', baseline: 'expressEjs' },
  d: { title: '(d) 2 workers via Apache, cache warm', via: 'apache', cache: 'warm', baseline: 'apacheStatic' },
};

/**
 * The databases a shape can run on. PostgreSQL runs the cache-off shapes
 * only: with the cache warm, pages come from files and no database is asked.
 * Its figures are taken beside SQLite's, in the same rounds (size-run.ts).
 */
export const databaseNames = ['sqlite', 'postgresql'] as const;
export type DatabaseName = (typeof databaseNames)[number];
export const databaseLabels: Record<DatabaseName, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

export function runsOn(shape: ShapeName, database: DatabaseName): boolean {
  return database === 'sqlite' || shapes[shape].cache === 'off';
}

/**
 * The environment that turns the page cache off (config/environment.ts).
 * Each cache-off run checks that it worked (pages.ts cacheOffProblem) and
 * is reported as skipped when it did not, rather than measuring cache hits.
 */
export const cacheOffEnv: Readonly<Record<string, string>> = { FOLIO_PAGE_CACHE: 'off' };

export type Metrics = 'on' | 'off';

/**
 * The environment every Folio process of the benchmark runs with; SQLite in
 * the data dir unless `databaseUrl` says otherwise, and metrics on (as
 * shipped) unless `metrics` says otherwise.
 */
export function folioEnv(
  dataDir: string,
  cache: Shape['cache'],
  databaseUrl?: string,
  metrics: Metrics = 'on',
): Record<string, string> {
  return {
    FOLIO_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    FOLIO_METRICS: metrics,
    ...(cache === 'off' ? cacheOffEnv : {}),
  };
}
