/**
 * Other app hosts' writes, applied to this host's page cache (README.md,
 * "Several app hosts"). Every serving process follows the blog database's
 * change feed; a change another host published is swept here exactly as a
 * local one. The index keeps the id of the last change applied, so the
 * workers of a host apply each change about once, and a host that was
 * away replays what it missed, or rebuilds when it missed too much.
 */
import type { Logger } from 'pino';
import type { FeedEntry, FeedSubscription } from '#app/database/change-feed.ts';
import { recordChangeFrom, type RecordChange } from '#app/models/changes.ts';
import { connectedDatabase } from '#app/models/db.ts';
import { exclusively, feedPosition, indexOrigin, setFeedPosition } from '#app/page-cache/index-db.ts';
import { retakeBaseline, type BaselineContext } from '#app/page-cache/baseline.ts';

export interface OtherHostsContext extends BaselineContext {
  readonly logger: Logger;
  /** Settles once the index has its first picture of the blog (and so its place in the feed). */
  readonly ready: () => Promise<void>;
  /** Sweeps a change on this host's index, as a local write's sweep does. */
  readonly sweep: (change: RecordChange) => Promise<void>;
  /** Told after this process reread the blog: the changes it missed may have been the settings. */
  readonly reread: () => Promise<void>;
}

export class OtherHosts {
  readonly #started: Promise<void>;
  #subscription: FeedSubscription | undefined;
  #closed = false;
  /** The place last given to the feed: a restart asked from there is not needed if the place has moved since. */
  #given: number | undefined;

  constructor(private readonly context: OtherHostsContext) {
    this.#started = context.feed.shared ? this.#start() : Promise.resolve();
  }

  /**
   * Resolves true once this process has applied what other hosts wrote
   * before it started (a host that was down must not serve what they made
   * stale), or false after `timeoutMs` (the database is unreachable, say).
   */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    if (!this.context.feed.shared) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = this.#started.then(async () => {
      await this.#subscription?.caughtUp;
      return true;
    });
    try {
      return await Promise.race([done, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#started;
    await this.#subscription?.close();
  }

  async #start(): Promise<void> {
    await this.context.ready();
    if (this.#closed) return;
    const { logger } = this.context;
    this.#subscription = this.context.feed.subscribe({
      position: () => (this.#given = feedPosition(this.context.index.db)),
      apply: (entries) => this.#apply(entries),
      restart: () => this.#restart(),
      failed: (error) =>
        logger.warn({ err: error }, 'page cache: could not follow the other hosts’ changes; trying again'),
    });
  }

  /**
   * Claims the entries this index has not applied yet (in one transaction,
   * so another worker of this host skips them), then sweeps those another
   * host wrote. A claimed change whose sweep fails expires everything (the
   * sweeper's rule), so none is left half applied.
   */
  async #apply(entries: FeedEntry[]): Promise<void> {
    const db = this.context.index.db;
    const origin = indexOrigin(db);
    const claimed = exclusively(db, () => {
      const position = feedPosition(db);
      // No place yet (a new index is taking its picture, which includes these): nothing to apply.
      if (position === undefined) return [];
      const fresh = entries.filter((entry) => entry.id > position);
      if (fresh.length) setFeedPosition(db, fresh[fresh.length - 1]!.id);
      return fresh;
    });
    // The same change twice in a row sweeps nothing the second time (the footprint is current): once is enough.
    const changes = new Map<string, RecordChange>();
    for (const entry of claimed) {
      if (entry.origins.includes(origin)) continue;
      const change = recordChangeFrom(entry.change);
      changes.set(JSON.stringify(change), change);
    }
    // As for a write of this host's (changes.ts): readers' replica must have replayed these before pages are cached again.
    if (changes.size) await connectedDatabase()?.replica?.noteWrite();
    for (const change of changes.values()) await this.context.sweep(change);
  }

  async #restart(): Promise<void> {
    const { logger } = this.context;
    const from = this.#given;
    // A new index (the cache directory was emptied) is taking its picture, with its place: that is the restart.
    await this.context.ready();
    if (feedPosition(this.context.index.db) !== from) return;
    logger.warn(
      { position: from },
      'page cache: other hosts’ changes were missed (away longer than the feed keeps them, or no place in it yet); expiring every page and rereading the blog',
    );
    if (await retakeBaseline(this.context, from)) await this.context.reread();
  }
}
