/**
 * Expiry by time, with no cron: one timer per serving process (see README.md). Every worker's timer fires; the
 * sweep is idempotent (the first records the article as visible, the others find nothing to do).
 */
import type { Logger } from 'pino';
import type { Clock } from '#app/clock.ts';
import { existsSync } from 'node:fs';
import { pageCacheSettings } from '#config/page-cache.ts';
import { exclusively, type CacheIndex } from '#app/page-cache/index-db.ts';
import { expireDue, nextExpiry } from '#app/page-cache/page-index.ts';
import { dueArticles } from '#app/page-cache/footprint-index.ts';
import { articlesDueBetween, nextPublication } from '#app/page-cache/loaders.ts';
import type { Sweeper } from '#app/page-cache/sweeper.ts';

/**
 * After a check that could not read the blog (its database down or restarting), the next comes this soon rather
 * than at the usual interval, so articles that came due meanwhile appear soon after the database is back.
 */
export const retryAfterFailureMs = 10_000;

export interface ScheduleContext {
  readonly index: CacheIndex;
  readonly logger: Logger;
  readonly sweeper: Sweeper;
  readonly ready: () => Promise<void>;
  readonly clock: Clock;
}

export class Schedule {
  #cancelTimer: (() => void) | undefined;
  #wakeAt = Infinity;
  #lastCheck: number;
  #checking: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly context: ScheduleContext) {
    this.#lastCheck = this.#now() - pageCacheSettings.scheduleCheckMs;
  }

  /** Catches up with what came due while no process ran, then arms the timer. */
  start(): Promise<void> {
    return this.check();
  }

  /** A page that must go at `at` was written: wakes by then. */
  noteExpiry(at: number): void {
    if (at < this.#wakeAt) this.#arm(at);
  }

  /** After an article change: its publication time may be the next one. */
  async rearm(): Promise<void> {
    if (this.#stopped) return;
    try {
      const now = this.#now();
      const publication = await nextPublication(new Date(now));
      this.#arm(
        Math.min(
          publication ?? Infinity,
          nextExpiry(this.context.index.db) ?? Infinity,
          now + pageCacheSettings.scheduleCheckMs,
        ),
      );
    } catch (error) {
      this.context.logger.warn({ err: error }, 'page cache: could not read the next scheduled time');
      this.#arm(this.#now() + retryAfterFailureMs);
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelTimer?.();
  }

  /** Expires what is due now; resolves when done (and the timer is re-armed). */
  check(): Promise<void> {
    this.#checking ??= this.#check().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  async #check(): Promise<void> {
    const { index, logger, sweeper } = this.context;
    if (this.#stopped) return;
    if (!existsSync(index.root)) return this.stop();
    try {
      await this.context.ready();
      const now = this.#now();
      const { db, root } = index;
      const aged = exclusively(db, () => expireDue(db, root, now));
      if (aged.length) logger.info({ expired: aged.length }, `page cache: ${aged.length} pages expired by time`);
      // Known schedules from the index; others (written by another program) from the blog's database.
      const due = new Set([
        ...dueArticles(db, now),
        ...(await articlesDueBetween(new Date(this.#lastCheck - 1000), new Date(now))),
      ]);
      this.#lastCheck = now;
      if (due.size) {
        const removed = await sweeper.sweepArticles([...due]);
        if (removed.length)
          logger.info(
            { articles: [...due], expired: removed.length },
            `page cache: scheduled articles went live; ${removed.length} pages expired`,
          );
      }
    } catch (error) {
      // #lastCheck stays: the next check looks again from there, so nothing due meanwhile is missed.
      logger.warn({ err: error }, 'page cache: scheduled check failed');
      return this.#arm(this.#now() + retryAfterFailureMs);
    }
    await this.rearm();
  }

  #arm(at: number): void {
    if (this.#stopped) return;
    this.#cancelTimer?.();
    this.#wakeAt = at;
    this.#cancelTimer = this.context.clock.at(at, () => {
      this.#wakeAt = Infinity;
      void this.check();
    });
  }

  #now(): number {
    return this.context.clock.now().getTime();
  }
}
