/**
 * The index's picture of the blog (every article's footprint and every
 * name, as last seen) and its place in the change feed, taken together: the
 * place is read first, so whatever the picture may lack comes after it and
 * is replayed (see README.md).
 */
import type { ChangeFeed } from '#app/database/change-feed.ts';
import type { Clock } from '#app/clock.ts';
import { exclusively, feedPosition, setFeedPosition, type CacheIndex, type IndexDb } from '#app/page-cache/index-db.ts';
import { hasBaseline, replaceBaseline, writeBaseline } from '#app/page-cache/footprint-index.ts';
import { footprintOf, type Footprint } from '#app/page-cache/footprint.ts';
import { allNames, eachArticleFacts } from '#app/page-cache/loaders.ts';
import { expireKeys } from '#app/page-cache/page-index.ts';
import { everything } from '#app/page-cache/keys.ts';

export interface BaselineContext {
  readonly index: CacheIndex;
  readonly clock: Clock;
  readonly feed: ChangeFeed;
}

/** A new index's first picture, taken once (the first process to finish writes it). */
export async function takeBaseline(context: BaselineContext): Promise<void> {
  if (hasBaseline(context.index.db)) return;
  const position = await context.feed.newest();
  const picture = await readPicture(context.clock);
  const db = context.index.db;
  exclusively(db, () => {
    if (hasBaseline(db)) return;
    writeBaseline(db, picture.footprints, picture.names);
    setFeedPosition(db, position);
  });
}

/**
 * After changes the index can no longer replay (this host was away longer
 * than the feed keeps them, or has no place in it): every page goes at once,
 * since any may show one of them; then the picture is retaken, and the pages
 * written meanwhile go too (their data may predate the picture, which could
 * not tell them from the present). Does nothing, and returns false, when
 * another process moved the index's place away from `from` first.
 */
export async function retakeBaseline(context: BaselineContext, from: number | undefined): Promise<boolean> {
  const { root } = context.index;
  const unmoved = (db: IndexDb) => feedPosition(db) === from;
  const first = context.index.db;
  const started = exclusively(first, () => {
    if (!unmoved(first)) return false;
    expireKeys(first, root, [everything]);
    return true;
  });
  if (!started) return false;
  const position = await context.feed.newest();
  const picture = await readPicture(context.clock);
  const db = context.index.db;
  return exclusively(db, () => {
    if (!unmoved(db)) return false;
    expireKeys(db, root, [everything]);
    replaceBaseline(db, picture.footprints, picture.names);
    setFeedPosition(db, position);
    return true;
  });
}

/**
 * Read before the index transaction, which cannot wait on the network:
 * footprints are small (about 100 bytes each, 10 MB at 100,000 articles).
 */
async function readPicture(clock: Clock): Promise<{ footprints: Footprint[]; names: Array<[string, string]> }> {
  const now = clock.now().getTime();
  const names = await allNames();
  const footprints: Footprint[] = [];
  for await (const article of eachArticleFacts()) footprints.push(footprintOf(article, now));
  return { footprints, names };
}
