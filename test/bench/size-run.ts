/**
 * One data size, start to finish: seed a temp data dir, profile the
 * database, time a few cold starts, then the shapes in the order that keeps
 * each honest (both cache-off shapes before anything may write the cache).
 * Each shape runs its pages interleaved with the baseline it is held to
 * (interleave.ts), so every ratio compares runs taken seconds apart. With
 * PostgreSQL selected, the same blog is seeded on the bench's cluster too,
 * and the cache-off shapes serve each page from both databases in the same
 * rounds: home on SQLite, home on PostgreSQL, the baseline, article on
 * SQLite, … The cold shape also serves each SQLite page from a second server
 * with metrics off, beside the one with metrics on (before it one round,
 * after it the next), for their cost.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#test/support/ports.ts';
import { removeLater, throwIfInterrupted } from '#test/bench/cleanup.ts';
import type { LoadResult } from '#test/bench/load.ts';
import { interleaved, type PageRun } from '#test/bench/interleave.ts';
import { seed, startFolio, waitForIdle, type SeedResult } from '#test/bench/processes.ts';
import { profileDatabase, type QueryProfile } from '#test/bench/queries.ts';
import { cacheOffProblem, warmCache, warmRender, type PageName } from '#test/bench/pages.ts';
import { folioEnv, runsOn, shapes, type DatabaseName, type Metrics, type ShapeName } from '#test/bench/shapes.ts';
import { freshDatabase } from '#test/bench/postgres.ts';
import { deployedApp, openToWebServer, staticPagePath } from '#test/bench/web.ts';
import { withDirectServers, withPoolsBehindApache, type Blog, type Target } from '#test/bench/servers.ts';
import { rawNodeServer, expressEjsServer, baselineLabels, type BaselineName } from '#test/bench/baselines.ts';
import { spreadOf, type Spread } from '#test/bench/stats.ts';

export interface SizeOptions {
  size: number;
  pages: readonly PageName[];
  shapes: readonly ShapeName[];
  databases: readonly DatabaseName[];
  rounds: number;
  seconds: number;
  log: (line: string) => void;
}

export interface CaseResult {
  size: number;
  shape: ShapeName;
  database: DatabaseName;
  /** Whether the server counted requests (FOLIO_METRICS); off only beside an identical server with them on. */
  metrics: Metrics;
  page: PageName;
  path: string;
  baseline: BaselineName;
  rps: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  /** Per round, requests/s over the mean of the baseline runs just before and just after. */
  ratio: Spread;
  /** On PostgreSQL: per round, requests/s over the same page's on SQLite, metrics on, in that round (run just before it, or two before). */
  vsSqlite?: Spread;
  /** With metrics on, where they are also measured off: per round, requests/s over the same page's with metrics off, run beside it. */
  vsMetricsOff?: Spread;
  /** Finished requests and errors, summed over the rounds. */
  requests: number;
  errors: number;
  runs: PageRun[];
}

/** A baseline's measured runs in one shape's session. */
export interface BaselineRuns {
  shape: ShapeName;
  name: BaselineName;
  rps: Spread;
  errors: number;
  runs: LoadResult[];
}

export interface SizeResult {
  size: number;
  seed: SeedResult;
  paths: Record<PageName, string>;
  homeBytes: number;
  queries: Partial<Record<PageName, QueryProfile>>;
  cases: CaseResult[];
  skipped: Array<{ shape: ShapeName; reason: string }>;
  /** Spawning `folio serve` to its first 200 on / (a render: the cache is off), a few times over. */
  coldStartMs: Spread;
  /** Read after each round: the serving process, or the largest pool worker. */
  rssMb: Partial<Record<ShapeName, Spread>>;
  baselines: BaselineRuns[];
  /** Wall time of each phase (seed, profile, cold start, each shape), in seconds: where the run's time went. */
  phaseSeconds: Record<string, number>;
  /** The same blog on PostgreSQL, when selected. */
  postgresql?: { seed: SeedResult; paths: Record<PageName, string>; queries: Partial<Record<PageName, QueryProfile>> };
}

/** Cold starts timed per size: a median of three, so one slow spawn does not decide the target. */
export const coldStarts = 3;

export async function measureSize(options: SizeOptions): Promise<SizeResult> {
  const run = new SizeRun(options);
  try {
    return await run.measure();
  } finally {
    await run.removeData();
  }
}

/** The steps of one size, in the order they run; the shapes record into `result`. */
class SizeRun {
  readonly dataDir: string;
  readonly removeData: () => Promise<void>;
  #blogs: Blog[];
  #result!: SizeResult;
  #homePage: Buffer = Buffer.alloc(0);
  #cacheOffWorks = true;

  constructor(readonly options: SizeOptions) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), `folio-bench-${options.size}-`));
    this.removeData = removeLater(this.dataDir);
    this.#blogs = [{ database: 'sqlite', dataDir: this.dataDir }];
  }

  async measure(): Promise<SizeResult> {
    const { size, log } = this.options;
    const phaseSeconds: Record<string, number> = {};
    log(`seeding ${size.toLocaleString('en')} articles…`);
    const seeded = await timed(phaseSeconds, 'seed', () => seed(this.dataDir, size));
    log(
      `  seeded in ${seeded.seedSeconds.toFixed(1)} s (command: ${seeded.wallSeconds.toFixed(1)} s); profiling queries…`,
    );
    const { paths, homePage, profiles } = await timed(phaseSeconds, 'profile', () => this.#profile());
    this.#homePage = homePage;
    const coldStartMs = await timed(phaseSeconds, 'cold start', () => this.#coldStarts());
    this.#result = {
      size,
      seed: seeded,
      paths,
      homeBytes: homePage.length,
      queries: profiles,
      cases: [],
      skipped: [],
      coldStartMs,
      rssMb: {},
      baselines: [],
      phaseSeconds,
    };
    if (this.options.databases.includes('postgresql'))
      await timed(phaseSeconds, 'postgresql', () => this.#seedPostgres());
    for (const blog of this.#blogs) openToWebServer(blog.dataDir);

    // Both cache-off shapes first: nothing has written the cache yet.
    await this.#shape('a', () =>
      withDirectServers('a', this.#blogsFor('a'), (targets) => this.#cacheOff('a', targets)),
    );
    const app = this.options.shapes.some((shape) => shapes[shape].via === 'apache') ? deployedApp(homePage) : undefined;
    await this.#shape('c', () => {
      if (!this.#cacheOffWorks) throw new Error('the page cache could not be switched off (see (a))');
      return withPoolsBehindApache('c', this.#blogsFor('c'), app!.appRoot, (targets) => this.#cacheOff('c', targets));
    });
    await this.#shape('b', () =>
      withDirectServers('b', this.#blogsFor('b'), (targets) => this.#cacheWarm('b', targets)),
    );
    await this.#shape('d', () =>
      withPoolsBehindApache('d', this.#blogsFor('d'), app!.appRoot, (targets) => this.#cacheWarm('d', targets)),
    );
    await app?.remove();
    return this.#result;
  }

  /** In process; the app's own files go to a scratch dir, so nothing it caches can be served later. */
  async #profile() {
    const scratch = mkdtempSync(path.join(tmpdir(), 'folio-bench-scratch-'));
    const removeScratch = removeLater(scratch);
    try {
      return await profileDatabase(this.dataDir, scratch, this.options.pages);
    } finally {
      await removeScratch();
    }
  }

  /** The same blog on the bench's cluster, in its own data dir (the app's files and a pool's state are per data dir). */
  async #seedPostgres(): Promise<void> {
    const { size, log } = this.options;
    const dataDir = mkdtempSync(path.join(tmpdir(), `folio-bench-${size}-postgresql-`));
    removeLater(dataDir);
    const databaseUrl = await freshDatabase(`folio_bench_${size}`);
    log(`seeding ${size.toLocaleString('en')} articles on PostgreSQL…`);
    const seeded = await seed(dataDir, size, databaseUrl);
    log(
      `  seeded in ${seeded.seedSeconds.toFixed(1)} s (command: ${seeded.wallSeconds.toFixed(1)} s); profiling queries…`,
    );
    const scratch = mkdtempSync(path.join(tmpdir(), 'folio-bench-scratch-'));
    const removeScratch = removeLater(scratch);
    try {
      const { paths, profiles } = await profileDatabase(dataDir, scratch, this.options.pages, databaseUrl);
      this.#result.postgresql = { seed: seeded, paths, queries: profiles };
    } finally {
      await removeScratch();
    }
    this.#blogs.push({ database: 'postgresql', dataDir, databaseUrl });
  }

  /** With the cache off, so the first answer is a render and nothing is written for the shapes after. */
  async #coldStarts(): Promise<Spread> {
    const samples: number[] = [];
    for (let i = 0; i < coldStarts; i++) {
      const server = await startFolio(folioEnv(this.dataDir, 'off'), await freePort());
      samples.push(server.coldStartMs);
      await server.stop();
    }
    this.options.log(`  cold start: ${samples.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    return spreadOf(samples);
  }

  /** Runs a selected shape; a failure is reported as "not measured" with its reason, and the run goes on. */
  async #shape(shape: ShapeName, run: () => Promise<void>): Promise<void> {
    if (!this.options.shapes.includes(shape)) return;
    try {
      await timed(this.#result.phaseSeconds, shape, run);
    } catch (error) {
      throwIfInterrupted();
      const reason = (error as Error).message;
      this.#result.skipped.push({ shape, reason });
      this.#result.cases = this.#result.cases.filter((c) => c.shape !== shape);
      this.#result.baselines = this.#result.baselines.filter((b) => b.shape !== shape);
      delete this.#result.rssMb[shape];
      this.options.log(`  (${shape}) skipped: ${reason.split('\n')[0]}`);
    }
  }

  /** The blogs a shape runs on: SQLite's, and PostgreSQL's for the cache-off shapes. */
  #blogsFor(shape: ShapeName): Blog[] {
    return this.#blogs.filter((blog) => runsOn(shape, blog.database));
  }

  async #cacheOff(shape: ShapeName, targets: Target[]): Promise<void> {
    for (const target of targets) {
      const paths = this.#paths(target.database);
      await warmRender(target.url, paths);
      const problem = await cacheOffProblem(target.url, paths, path.join(target.dataDir, 'cache'));
      if (problem) {
        this.#cacheOffWorks = false;
        throw new Error(`the page cache could not be switched off (${problem}); see shapes.ts cacheOffEnv`);
      }
    }
    await this.#load(shape, targets);
  }

  async #cacheWarm(shape: ShapeName, targets: Target[]): Promise<void> {
    for (const target of targets) {
      await warmCache(target.url, this.#paths(target.database));
      await warmRender(target.url, this.#paths(target.database));
    }
    await this.#load(shape, targets);
  }

  /**
   * Every page of the shape, on each target in turn, interleaved with the
   * shape's baseline of the home page's size. Memory is SQLite's with
   * metrics on (the figure the RSS target reads).
   */
  async #load(shape: ShapeName, targets: Target[]): Promise<void> {
    const { size, pages, rounds, seconds, log } = this.options;
    const name = shapes[shape].baseline;
    const main = targets.find((t) => t.database === 'sqlite' && t.metrics === 'on')!;
    const yardstick = await this.#baseline(name, main);
    const rss: number[] = [];
    const runs = pages.flatMap((page) => targets.map((target) => ({ page, target })));
    // A page's run on SQLite with metrics on or off (-1: none).
    const sqliteRun = (page: PageName, metrics: Metrics) =>
      runs.findIndex((r) => r.page === page && r.target.database === 'sqlite' && r.target.metrics === metrics);
    log(
      `  (${shape}) ${pages.join(', ')}${targets.length > 1 ? ` on ${targets.map(targetName).join(' and ')}` : ''} against ${baselineLabels[name]} (${this.#homePage.length} B): ${rounds} rounds of ${seconds} s runs`,
    );
    try {
      const result = await interleaved({
        baselineUrl: yardstick.url,
        pages: runs.map(({ page, target }) => ({
          name:
            target.database === 'postgresql'
              ? `${page} (pg)`
              : target.metrics === 'off'
                ? `${page} (metrics off)`
                : page,
          url: target.url + this.#paths(target.database, [page])[0]!,
        })),
        rounds,
        seconds,
        alternate: pages.flatMap((page) => {
          const pair = [sqliteRun(page, 'off'), sqliteRun(page, 'on')] as const;
          return pair.includes(-1) ? [] : [pair];
        }),
        idle: () => waitForIdle(targets.flatMap((target) => target.pids())),
        afterRound: () => rss.push(main.rssMb()),
        log,
      });
      this.#result.rssMb[shape] = spreadOf(rss);
      this.#result.baselines.push({
        shape,
        name,
        rps: spreadOf(result.baseline.map((r) => r.rps)),
        errors: sum(result.baseline.map((r) => r.errors)),
        runs: result.baseline,
      });
      runs.forEach(({ page, target }, i) => {
        const measured = result.pages[i]!;
        const onSqlite = target.database === 'sqlite' ? undefined : result.pages[sqliteRun(page, 'on')];
        const metricsOff = target === main ? result.pages[sqliteRun(page, 'off')] : undefined;
        this.#result.cases.push({
          size,
          shape,
          database: target.database,
          metrics: target.metrics,
          page,
          path: this.#paths(target.database, [page])[0]!,
          baseline: name,
          rps: spreadOf(measured.map((r) => r.rps)),
          p50Ms: spreadOf(measured.map((r) => r.p50Ms)),
          p99Ms: spreadOf(measured.map((r) => r.p99Ms)),
          ratio: spreadOf(measured.map((r) => r.rps / r.baselineRps)),
          ...(onSqlite ? { vsSqlite: spreadOf(measured.map((r, round) => r.rps / onSqlite[round]!.rps)) } : {}),
          ...(metricsOff ? { vsMetricsOff: spreadOf(measured.map((r, round) => r.rps / metricsOff[round]!.rps)) } : {}),
          requests: sum(measured.map((r) => r.requests)),
          errors: sum(measured.map((r) => r.errors)),
          runs: measured,
        });
      });
    } finally {
      await yardstick.close();
    }
  }

  /** Apache's static file is served by the shape's own Apache; the Node yardsticks run in this process. */
  async #baseline(name: BaselineName, target: Target): Promise<{ url: string; close(): Promise<void> }> {
    if (name === 'apacheStatic') return { url: target.url + staticPagePath, close: () => Promise.resolve() };
    return name === 'rawNode' ? rawNodeServer(this.#homePage) : expressEjsServer(this.#homePage.length);
  }

  /** The pages' paths in one database's blog (the same sample, found in each). */
  #paths(database: DatabaseName = 'sqlite', pages: readonly PageName[] = this.options.pages): string[] {
    const paths = database === 'sqlite' ? this.#result.paths : this.#result.postgresql!.paths;
    return pages.map((page) => paths[page]);
  }
}

function targetName(target: Target): string {
  return target.metrics === 'off' ? `${target.database} with metrics off` : target.database;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, x) => total + x, 0);
}

async function timed<T>(into: Record<string, number>, phase: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    into[phase] = (performance.now() - started) / 1000;
  }
}
