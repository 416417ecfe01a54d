/**
 * The change feed on SQLite (boundary.ts's ChangeFeed): a SQLite file has
 * one host, whose processes already share their per-host state (the page
 * cache's index expires a write at once for every worker), so there is no
 * one to tell. Publishing does nothing; a subscriber is never called and is
 * up to date from the start.
 */
import type { ChangeFeed, FeedSubscription } from '#app/database/change-feed.ts';

export const sqliteChangeFeed: ChangeFeed = Object.freeze({
  shared: false,
  publish: async () => {},
  newest: () => Promise.resolve(0),
  subscribe: (): FeedSubscription => ({ caughtUp: Promise.resolve(), close: async () => {} }),
});
