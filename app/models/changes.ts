/**
 * Every model write announces what it changed, right next to the write.
 * Whoever cares (the page-cache sweeper, in-process caches) listens here,
 * so no save path can forget to expire something.
 */
import { connectedDatabase } from '#app/models/db.ts';
export type RecordType = 'article' | 'comment' | 'page' | 'section' | 'tag' | 'user' | 'settings' | 'asset';

export interface RecordChange {
  type: RecordType;
  /** The record's id; null for the settings row or "all of them". */
  id: number | null;
  /** For a comment: the article it belongs to. */
  articleId?: number;
}

type Listener = (change: RecordChange) => void | Promise<void>;
const listeners = new Set<Listener>();

/** Subscribes; returns the unsubscribe function. */
export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by models after a committed write; waits for the listeners (the sweep is part of the write). */
export async function announce(change: RecordChange): Promise<void> {
  // Before any sweep: a page rendered from a replica that has not replayed this write must not be cached as fresh.
  await connectedDatabase()?.replica?.noteWrite();
  await Promise.all(
    [...listeners].map(async (listener) => {
      await listener(change);
    }),
  );
}

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
