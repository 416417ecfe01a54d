/**
 * One data size, start to finish: seed a temp data dir, profile the
 * database, time a few cold starts, then the shapes in the order that keeps
 * each honest (both cache-off shapes before anything may write the cache).
 * Each shape runs its pages interleaved with the baseline it is held to
 * (interleave.ts), so every ratio compares runs taken seconds apart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#test/support/ports.ts';
import { removeLater, throwIfInterrupted } from '#test/bench/cleanup.ts';
import type { LoadResult } from '#test/bench/load.ts';
import { interleaved, type PageRun } from '#test/bench/interleave.ts';
import { seed, startFolio, rssMb, waitForIdle, type SeedResult } from '#test/bench/processes.ts';
import { profileDatabase, type QueryProfile } from '#test/bench/queries.ts';
import { cacheOffProblem, warmCache, warmRender, type PageName } from '#test/bench/pages.ts';
import { folioEnv, shapes, type ShapeName } from '#test/bench/shapes.ts';
import { deployedApp, openToWebServer, startPool, startWebServer, staticPagePath } from '#test/bench/web.ts';
import { rawNodeServer, expressEjsServer, baselineLabels, type BaselineName } from '#test/bench/baselines.ts';
import { spreadOf, type Spread } from '#test/bench/stats.ts';

export interface SizeOptions {
  size: number;
  pages: readonly PageName[];
  shapes: readonly ShapeName[];
  rounds: number;
  seconds: number;
  log: (line: string) => void;
}

export interface CaseResult {
  size: number;
  shape: ShapeName;
  page: PageName;
  path: string;
  baseline: BaselineName;
  rps: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  /** Per round, requests/s over the mean of the baseline runs just before and just after. */
  ratio: Spread;
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

/** Where a shape answers, how to tell that its processes are done with the last run, and their memory. */
interface Target {
  url: string;
  idle(): Promise<void>;
  rssMb(): number;
}

/** The steps of one size, in the order they run; the shapes record into `result`. */
class SizeRun {
  readonly dataDir: string;
  readonly removeData: () => Promise<void>;
  #result!: SizeResult;
  #homePage: Buffer = Buffer.alloc(0);
  #cacheOffWorks = true;

  constructor(readonly options: SizeOptions) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), `folio-bench-${options.size}-`));
    this.removeData = removeLater(this.dataDir);
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
    openToWebServer(this.dataDir);

    // Both cache-off shapes first: nothing has written the cache yet.
    await this.#shape('a', () => this.#direct('a', (target) => this.#cacheOff('a', target)));
    const app = this.options.shapes.some((shape) => shapes[shape].via === 'apache') ? deployedApp(homePage) : undefined;
    await this.#shape('c', () => this.#behindApache('c', app!.appRoot, (target) => this.#cacheOff('c', target)));
    await this.#shape('b', () => this.#direct('b', (target) => this.#cacheWarm('b', target)));
    await this.#shape('d', () => this.#behindApache('d', app!.appRoot, (target) => this.#cacheWarm('d', target)));
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

  /** One `folio serve` over direct HTTP. */
  async #direct(shape: 'a' | 'b', run: (target: Target) => Promise<void>): Promise<void> {
    const server = await startFolio(folioEnv(this.dataDir, shapes[shape].cache), await freePort());
    try {
      await run({ url: server.url, idle: () => waitForIdle([server.pid]), rssMb: () => rssMb(server.pid) });
    } finally {
      await server.stop();
    }
  }

  async #behindApache(shape: 'c' | 'd', appRoot: string, run: (target: Target) => Promise<void>): Promise<void> {
    if (shapes[shape].cache === 'off' && !this.#cacheOffWorks)
      throw new Error('the page cache could not be switched off (see (a))');
    const pool = await startPool(folioEnv(this.dataDir, shapes[shape].cache));
    try {
      const apache = await startWebServer(this.dataDir, pool, appRoot);
      try {
        await run({
          url: apache.url,
          idle: () => waitForIdle(pool.workerPids()),
          rssMb: () => Math.max(...pool.workersRssMb()),
        });
      } finally {
        await apache.close();
      }
    } finally {
      await pool.stop();
    }
  }

  async #cacheOff(shape: ShapeName, target: Target): Promise<void> {
    const paths = this.#paths();
    await warmRender(target.url, paths);
    const problem = await cacheOffProblem(target.url, paths, path.join(this.dataDir, 'cache'));
    if (problem) {
      this.#cacheOffWorks = false;
      throw new Error(`the page cache could not be switched off (${problem}); see shapes.ts cacheOffEnv`);
    }
    await this.#load(shape, target);
  }

  async #cacheWarm(shape: ShapeName, target: Target): Promise<void> {
    await warmCache(target.url, this.#paths());
    await warmRender(target.url, this.#paths());
    await this.#load(shape, target);
  }

  /** Every page of the shape, interleaved with the shape's baseline of the home page's size. */
  async #load(shape: ShapeName, target: Target): Promise<void> {
    const { size, pages, rounds, seconds, log } = this.options;
    const name = shapes[shape].baseline;
    const yardstick = await this.#baseline(name, target);
    const rss: number[] = [];
    log(
      `  (${shape}) ${pages.join(', ')} against ${baselineLabels[name]} (${this.#homePage.length} B): ${rounds} rounds of ${seconds} s runs`,
    );
    try {
      const result = await interleaved({
        baselineUrl: yardstick.url,
        pages: pages.map((page) => ({ name: page, url: target.url + this.#result.paths[page] })),
        rounds,
        seconds,
        idle: () => target.idle(),
        afterRound: () => rss.push(target.rssMb()),
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
      pages.forEach((page, i) => {
        const runs = result.pages[i]!;
        this.#result.cases.push({
          size,
          shape,
          page,
          path: this.#result.paths[page],
          baseline: name,
          rps: spreadOf(runs.map((r) => r.rps)),
          p50Ms: spreadOf(runs.map((r) => r.p50Ms)),
          p99Ms: spreadOf(runs.map((r) => r.p99Ms)),
          ratio: spreadOf(runs.map((r) => r.rps / r.baselineRps)),
          requests: sum(runs.map((r) => r.requests)),
          errors: sum(runs.map((r) => r.errors)),
          runs,
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

  #paths(): string[] {
    return this.options.pages.map((page) => this.#result.paths[page]);
  }
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
