/**
 * The database boundary's change feed (boundary.ts's BlogDatabase.changeFeed):
 * how a write on one app host reaches the page caches of the others.
 */
/** A model write as the feed carries it (models/changes.ts's RecordChange). */
export interface FeedRecordChange {
  type: string;
  id: number | null;
  articleId?: number;
}

/** One change in the feed, numbered in the order it was published. */
export interface FeedEntry {
  id: number;
  change: FeedRecordChange;
  /** The hosts (page cache origins) that applied it before publishing it. */
  origins: string[];
}

/**
 * Every host's writes, in one order, to every host: each host applies the
 * others' changes to its own per-host state (its page cache). A subscriber
 * keeps its own place in the feed (`position`), so a host that was away
 * replays what it missed, and one that missed too much (the feed keeps a
 * day) is told to start over.
 */
export interface ChangeFeed {
  /** Whether other hosts can be listening (false on SQLite: one host). */
  readonly shared: boolean;
  /** Adds a change to the feed and wakes the subscribers; after the write it describes has committed. */
  publish(change: FeedRecordChange, origins: readonly string[]): Promise<void>;
  /** The id of the newest change so far (0 for none): where a subscriber starting afresh begins. */
  newest(): Promise<number>;
  subscribe(subscriber: FeedSubscriber): FeedSubscription;
}

export interface FeedSubscriber {
  /** The id of the last change this subscriber applied; undefined when it has no place yet. */
  position(): number | undefined;
  /** Changes after `position()`, oldest first; the subscriber records each as applied. */
  apply(entries: FeedEntry[]): Promise<void>;
  /**
   * The changes after `position()` are not all in the feed any more (pruned,
   * or the database was restored), or there is no position: the subscriber
   * must rebuild what it keeps and take `newest()` as its position.
   */
  restart(): Promise<void>;
  /** Told when the feed could not be read or its connection dropped; it tries again by itself. */
  failed?(error: Error): void;
}

export interface FeedSubscription {
  /** Settles once the subscriber has been brought up to date for the first time. */
  readonly caughtUp: Promise<void>;
  close(): Promise<void>;
}
