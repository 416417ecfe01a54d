/**
 * Every model write announces what it changed, right next to the write.
 * Whoever cares (the page-cache sweeper, in-process caches) listens here,
 * so no save path can forget to expire something. Then the change goes into
 * the database's change feed, for the other app hosts (PostgreSQL; see
 * app/page-cache/README.md, "Several app hosts").
 */
import type { FeedRecordChange } from '#app/database/change-feed.ts';
import { connectedDatabase } from '#app/models/db.ts';

export type RecordType =
  'article' | 'comment' | 'page' | 'section' | 'tag' | 'user' | 'settings' | 'asset' | 'redirect';

export interface RecordChange {
  type: RecordType;
  /** The record's id; null for the settings row or "all of them". */
  id: number | null;
  /** For a comment: the article it belongs to. */
  articleId?: number;
}

/** What a listener tells when it applied the change to per-host state: which (a page cache's origin). */
export interface Applied {
  origin: string;
}

type Listener = (change: RecordChange) => void | Applied | Promise<void | Applied>;
const listeners = new Set<Listener>();

/** Subscribes; returns the unsubscribe function. */
export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Called by models after a committed write; waits for the listeners (the
 * sweep is part of the write: the author sees their own host at once), then
 * for the change to be in the feed, naming the hosts that applied it already.
 */
export async function announce(change: RecordChange): Promise<void> {
  // Before any sweep: a page rendered from a replica that has not replayed this write must not be cached as fresh.
  await connectedDatabase()?.replica?.noteWrite();
  const applied = await Promise.all([...listeners].map(async (listener) => await listener(change)));
  const origins = applied.flatMap((result) => (result ? [result.origin] : []));
  await publish(change, origins);
}

/** A change another host published, as this host's listeners take it. */
export function recordChangeFrom(change: FeedRecordChange): RecordChange {
  const id = typeof change.id === 'number' ? change.id : null;
  const articleId = typeof change.articleId === 'number' ? { articleId: change.articleId } : {};
  // A type this version does not know (a newer host's) is passed on: the sweeper expires everything for it.
  return { type: change.type as RecordType, id, ...articleId };
}

/**
 * The write has committed, so a failure here is a hiccup of the connection:
 * tried three times. If it still fails the write stands, but the other
 * hosts would not hear of it, so the caller is told (an error, not silence).
 */
async function publish(change: RecordChange, origins: string[]): Promise<void> {
  const feed = connectedDatabase()?.changeFeed;
  if (!feed?.shared) return;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await feed.publish(change, origins);
    } catch (error) {
      if (attempt === publishAttempts)
        throw new Error('saved, but the other app hosts could not be told', { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** (attempt - 1)));
    }
  }
}

const publishAttempts = 3;

/** The latest of these times (when a page's content last changed), or undefined for none. */
export function newest(dates: readonly Date[]): Date | undefined {
  return dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : undefined;
}

/**
 * When readers last saw the article change. An article scheduled ahead is
 * saved before its time comes, so its updatedAt can precede its publication;
 * to a reader (and to Atom, whose <updated> may not precede <published>) it
 * changed no earlier than it appeared.
 */
export function lastChangedAt(article: { updatedAt: Date; publishedAt: Date | null }): Date {
  return article.publishedAt && article.publishedAt > article.updatedAt ? article.publishedAt : article.updatedAt;
}
