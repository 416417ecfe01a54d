/**
 * One data size, start to finish: seed a temp data dir, profile the
 * database, then the shapes in the order that keeps each honest (both
 * cache-off shapes before anything may write the cache), each baseline of
 * the same page size right after the shape it is compared with, so a ratio
 * compares figures taken seconds apart on the same machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#test/support/ports.ts';
import { removeLater, throwIfInterrupted } from '#test/bench/cleanup.ts';
import { drive, type LoadResult } from '#test/bench/load.ts';
import { seed, startFolio, rssMb, waitForIdle, type SeedResult } from '#test/bench/processes.ts';
import { profileDatabase, type QueryProfile } from '#test/bench/queries.ts';
import { cacheOffProblem, warmCache, warmRender, type PageName } from '#test/bench/pages.ts';
import { folioEnv, shapes, type ShapeName } from '#test/bench/shapes.ts';
import { deployedApp, openToWebServer, startPool, startWebServer, staticPagePath } from '#test/bench/web.ts';
import { rawNodeServer, expressEjsServer } from '#test/bench/baselines.ts';

export interface SizeOptions {
  size: number;
  pages: readonly PageName[];
  shapes: readonly ShapeName[];
  seconds: number;
  log(line: string): void;
}

export interface CaseResult extends LoadResult {
  size: number;
  shape: ShapeName;
  page: PageName;
  path: string;
}

export interface SizeResult {
  size: number;
  seed: SeedResult;
  paths: Record<PageName, string>;
  homeBytes: number;
  queries: Partial<Record<PageName, QueryProfile>>;
  cases: CaseResult[];
  skipped: Array<{ shape: ShapeName; reason: string }>;
  /** Spawning `folio serve` to its first 200 on / (a render: the cache is empty then). */
  coldStartMs: number;
  /** After each shape's load: the serving process, or the largest pool worker. */
  rssMb: Partial<Record<ShapeName, number>>;
  baselines: { rawNode?: LoadResult; expressEjs?: LoadResult; apacheStatic?: LoadResult };
  /** Wall time of each phase (seed, profile, each shape, baselines), in seconds: where the run's time went. */
  phaseSeconds: Record<string, number>;
}

export async function measureSize(options: SizeOptions): Promise<SizeResult> {
  const run = new SizeRun(options);
  try {
    return await run.measure();
  } finally {
    await run.removeData();
  }
}

/** Where a shape answers, and how to tell that its processes are done with the last case. */
interface Target {
  url: string;
  idle(): Promise<void>;
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
    this.#result = {
      size,
      seed: seeded,
      paths,
      homeBytes: homePage.length,
      queries: profiles,
      cases: [],
      skipped: [],
      coldStartMs: NaN,
      rssMb: {},
      baselines: {},
      phaseSeconds,
    };
    openToWebServer(this.dataDir);

    // Both cache-off shapes first: nothing has written the cache yet.
    // Each baseline runs right after the shape it is compared with, so both see the same machine.
    await this.#shape('a', () =>
      this.#direct('a', async (target) => {
        await this.#cacheOff('a', target);
        await target.idle();
        await this.#baseline('expressEjs');
      }),
    );
    if (Number.isNaN(this.#result.coldStartMs) && !this.options.shapes.includes('b')) await this.#coldStartOnly();
    const app = this.options.shapes.some((shape) => shapes[shape].via === 'apache') ? deployedApp(homePage) : undefined;
    await this.#shape('c', () => this.#behindApache('c', app!.appRoot, (target) => this.#cacheOff('c', target)));
    await this.#shape('b', () =>
      this.#direct('b', async (target) => {
        await this.#cacheWarm('b', target);
        await target.idle();
        await this.#baseline('rawNode');
      }),
    );
    await this.#shape('d', () =>
      this.#behindApache('d', app!.appRoot, async (target) => {
        await this.#cacheWarm('d', target);
        await target.idle();
        this.#result.baselines.apacheStatic = await drive(target.url + staticPagePath, this.options.seconds);
        log(`  Apache static file (${homePage.length} B): ${this.#result.baselines.apacheStatic.rps.toFixed(0)} req/s`);
      }),
    );
    await app?.remove();
    await timed(phaseSeconds, 'baselines', async () => {
      await this.#baseline('expressEjs');
      await this.#baseline('rawNode');
    });
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
      this.options.log(`  (${shape}) skipped: ${reason.split('\n')[0]}`);
    }
  }

  /** One `folio serve` over direct HTTP; the first one started gives the cold start. */
  async #direct(shape: 'a' | 'b', run: (target: Target) => Promise<void>): Promise<void> {
    const server = await startFolio(folioEnv(this.dataDir, shapes[shape].cache), await freePort());
    try {
      if (Number.isNaN(this.#result.coldStartMs)) this.#result.coldStartMs = server.coldStartMs;
      await run({ url: server.url, idle: () => waitForIdle([server.pid]) });
      this.#result.rssMb[shape] = rssMb(server.pid);
    } finally {
      await server.stop();
    }
  }

  /** Cold start needs a `folio serve` even when neither direct shape runs (a render: the cache is still empty). */
  async #coldStartOnly(): Promise<void> {
    const server = await startFolio(folioEnv(this.dataDir, 'warm'), await freePort());
    this.#result.coldStartMs = server.coldStartMs;
    await server.stop();
  }

  async #behindApache(shape: 'c' | 'd', appRoot: string, run: (target: Target) => Promise<void>): Promise<void> {
    if (shapes[shape].cache === 'off' && !this.#cacheOffWorks)
      throw new Error('the page cache could not be switched off (see (a))');
    const pool = await startPool(folioEnv(this.dataDir, shapes[shape].cache));
    try {
      const apache = await startWebServer(this.dataDir, pool, appRoot);
      try {
        await run({ url: apache.url, idle: () => waitForIdle(pool.workerPids()) });
        this.#result.rssMb[shape] = Math.max(...pool.workersRssMb());
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

  /** Each page in turn, each case starting on an idle server. */
  async #load(shape: ShapeName, target: Target): Promise<void> {
    const { size, pages, seconds, log } = this.options;
    for (const page of pages) {
      const urlPath = this.#result.paths[page];
      await target.idle();
      const load = await drive(target.url + urlPath, seconds);
      this.#result.cases.push({ size, shape, page, path: urlPath, ...load });
      const errors = load.errorKinds
        ? `  errors: ${Object.entries(load.errorKinds)
            .filter(([, n]) => n > 0)
            .map(([kind, n]) => `${n} ${kind}`)
            .join(', ')}`
        : '';
      log(
        `  (${shape}) ${page.padEnd(7)} ${load.rps.toFixed(0).padStart(6)} req/s  p50 ${load.p50Ms.toFixed(2)} ms  p99 ${load.p99Ms.toFixed(2)} ms${errors}`,
      );
    }
  }

  #paths(): string[] {
    return this.options.pages.map((page) => this.#result.paths[page]);
  }

  /** A node:http or Express + EJS baseline of the home page's size, unless this size has it already. */
  async #baseline(name: 'rawNode' | 'expressEjs'): Promise<void> {
    if (this.#result.baselines[name]) return;
    const server =
      name === 'rawNode' ? await rawNodeServer(this.#homePage) : await expressEjsServer(this.#homePage.length);
    try {
      const load = (this.#result.baselines[name] = await drive(server.url, this.options.seconds));
      this.options.log(
        `  ${name === 'rawNode' ? 'raw node:http' : 'Express + EJS'} (${server.bytes} B): ${load.rps.toFixed(0)} req/s`,
      );
    } finally {
      await server.close();
    }
  }
}

async function timed<T>(into: Record<string, number>, phase: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    into[phase] = (performance.now() - started) / 1000;
  }
}
