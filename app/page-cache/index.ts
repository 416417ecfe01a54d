/**
 * The page cache (see README.md): one PageCache per cache root per process, tying the writer, the sweeper and
 * the schedule to the index every worker shares.
 */
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '#config/environment.ts';
import { pageCacheRoot } from '#config/page-cache.ts';
import { onChange, type Applied, type RecordChange } from '#app/models/changes.ts';
import { database } from '#app/models/db.ts';
import { CacheIndex, exclusively, indexOrigin } from '#app/page-cache/index-db.ts';
import { cacheStats, commitPage, currentSeq, everythingSeq, expireKeys } from '#app/page-cache/page-index.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';
import { takeBaseline, type BaselineContext } from '#app/page-cache/baseline.ts';
import { OtherHosts } from '#app/page-cache/other-hosts.ts';
import { pageCacheWriter, type CacheablePage, type WriterTarget } from '#app/page-cache/writer.ts';
import { Sweeper } from '#app/page-cache/sweeper.ts';
import { Schedule } from '#app/page-cache/schedule.ts';
import { systemClock, type Clock } from '#app/clock.ts';
import { everything } from '#app/page-cache/keys.ts';
import type { StaticHeaders } from '#app/page-cache/static-headers.ts';
import { markWebmentions } from '#app/page-cache/webmention-marker.ts';

export { pageUses } from '#app/page-cache/uses.ts';
export { recordKey, listKey } from '#app/page-cache/keys.ts';

export interface PageCacheOptions {
  /** Headers every cached page is served with (the app's security headers), for the fast path. */
  headers?: StaticHeaders;
  /** The time visibility and expiry are judged by; the system clock unless a test sets one. */
  clock?: Clock;
  /** Told of each cacheable page the app rendered (a miss), for the metrics. */
  onMiss?: () => void;
}

export class PageCache implements WriterTarget {
  readonly root: string;
  readonly headers: StaticHeaders;
  /** Express middleware: put it before the routes. */
  readonly writer: RequestHandler;
  readonly index: CacheIndex;
  readonly sweeper: Sweeper;
  readonly schedule: Schedule;
  readonly #otherHosts: OtherHosts;
  readonly #baselineContext: BaselineContext;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #unsubscribe: () => void;
  #ready: Promise<void>;
  #everythingSeen = 0;
  #closed = false;

  constructor(root: string, logger: Logger, options: PageCacheOptions = {}) {
    this.root = root;
    this.headers = options.headers ?? { plain: {}, tls: {} };
    this.#clock = options.clock ?? systemClock;
    this.#logger = logger;
    this.index = new CacheIndex(root, () => {
      logger.warn(
        `page cache: the index in ${root} was replaced (the directory was emptied by hand?); using the new one`,
      );
      this.#ready = this.#baseline();
    });
    const clock = this.#clock;
    this.#baselineContext = { index: this.index, clock, feed: database().changeFeed };
    this.#ready = this.#baseline();
    const ready = () => this.#ready;
    this.sweeper = new Sweeper({
      index: this.index,
      logger,
      ready,
      clock,
      articlesSwept: () => void this.schedule.rearm(),
    });
    this.schedule = new Schedule({ index: this.index, logger, sweeper: this.sweeper, ready, clock });
    this.writer = pageCacheWriter(this, options.onMiss);
    this.#unsubscribe = onChange((change) => this.#sweep(change));
    this.#otherHosts = new OtherHosts({
      ...this.#baselineContext,
      logger,
      ready,
      sweep: async (change) => void (await this.#sweep(change)),
      reread: () => this.#markWebmentions(),
    });
    void this.#track(this.schedule.start());
  }

  /**
   * Resolves true once this process has applied the writes other app hosts
   * made before it started (at once on SQLite: one host), false if that
   * takes longer than `timeoutMs`. A serving process waits for it before it
   * answers, so a host that was down serves none of the pages they made stale.
   */
  caughtUp(timeoutMs = 20_000): Promise<boolean> {
    return this.#otherHosts.caughtUp(timeoutMs);
  }

  currentSeq(): number {
    return currentSeq(this.index.db);
  }

  /**
   * Before a cacheable page is built: if another process expired everything
   * (settings, theme or sections changed) since this one last looked, this
   * process's short-lived copies of the settings and the navigation are
   * dropped first, so the page cannot show the old ones.
   */
  begin(): number {
    const db = this.index.db;
    const everything = everythingSeq(db);
    if (everything !== this.#everythingSeen) {
      this.#everythingSeen = everything;
      forgetSettings();
      forgetNavigation();
    }
    return currentSeq(db);
  }

  write(page: CacheablePage): void {
    if (this.#closed) return;
    void this.#track(
      this.#write(page).catch((error: unknown) =>
        this.#logger.warn({ err: error, path: page.path }, 'page cache: could not write a page'),
      ),
    );
  }

  stats(): { pages: number; bytes: number } {
    return cacheStats(this.index.db);
  }

  /** Expires every page (the admin's "clear"); returns how many there were. */
  clear(): number {
    const { db } = this.index;
    return exclusively(db, () => expireKeys(db, this.root, [everything])).length;
  }

  /** Settles when the writes and sweeps begun so far are done (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    void this.#otherHosts.close();
    this.schedule.stop();
    caches.delete(this.root);
    this.index.close();
  }

  async #write(page: CacheablePage): Promise<void> {
    const target = path.join(this.root, page.file);
    await mkdir(path.dirname(target), { recursive: true });
    const tempFile = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tempFile, page.body);
    const expiresAt = Math.min(page.uses.expiresAt ?? Infinity, startOfNextYear());
    try {
      if (this.#closed) return;
      const db = this.index.db;
      const written = exclusively(db, () =>
        commitPage(db, this.root, {
          path: page.path,
          file: page.file,
          keys: [...page.uses.keys],
          startSeq: page.startSeq,
          tempFile,
          bytes: page.body.length,
          expiresAt,
        }),
      );
      if (written) this.schedule.noteExpiry(expiresAt);
    } finally {
      await rm(tempFile, { force: true });
    }
  }

  /** Sweeps a change on this host's index; returns the index's origin (the feed tells other hosts it was applied here). */
  async #sweep(change: RecordChange): Promise<Applied | undefined> {
    if (this.#closed) return;
    // A cache whose data dir was removed (a finished test) has nothing left to sweep.
    if (!existsSync(this.root)) return void this.close();
    // Before the pages go: one rendered after the change must not be served with the old Link header.
    if (change.type === 'settings') await this.#markWebmentions();
    await this.#track(this.sweeper.sweep(change));
    return { origin: indexOrigin(this.index.db) };
  }

  #baseline(): Promise<void> {
    return this.#track(
      Promise.all([
        takeBaseline(this.#baselineContext).catch((error: unknown) =>
          this.#logger.error({ err: error }, 'page cache: could not read the blog for the index'),
        ),
        this.#markWebmentions(),
      ]).then(() => {}),
    );
  }

  /** The marker the fast path, Apache and nginx read to send the Webmention Link header (see webmention-marker.ts). */
  #markWebmentions(): Promise<void> {
    return this.#track(
      markWebmentions(this.root).catch((error: unknown) =>
        this.#logger.warn({ err: error }, 'page cache: could not note whether webmentions are on'),
      ),
    );
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work)).catch(() => {});
    return work;
  }
}

const caches = new Map<string, PageCache>();

/** This process's page cache for the config's data dir (opened on first use). */
export function openPageCache(
  config: Pick<Config, 'dataDir'>,
  logger: Logger,
  options: PageCacheOptions = {},
): PageCache {
  const root = pageCacheRoot(config);
  let cache = caches.get(root);
  if (!cache) caches.set(root, (cache = new PageCache(root, logger, options)));
  return cache;
}

/** The page cache the app was built with (see config/application.ts). */
export function pageCacheOf(app: Pick<Express, 'locals'>): PageCache | undefined {
  return app.locals.pageCache as PageCache | undefined;
}

/**
 * Before a serving process answers: waits until the app's page cache has
 * applied what other app hosts wrote meanwhile (see PageCache.caughtUp).
 * If the database does not answer in time, serving goes ahead: readers get
 * the cached pages, as they do whenever the database is down.
 */
export async function catchUpWithOtherHosts(app: Pick<Express, 'locals'>, logger: Logger): Promise<void> {
  const cache = pageCacheOf(app);
  if (cache && !(await cache.caughtUp()))
    logger.warn('page cache: not yet up to date with the other app hosts; serving meanwhile');
}

/** Every themed page shows the current year. */
function startOfNextYear(): number {
  return new Date(new Date().getFullYear() + 1, 0, 1).getTime();
}
