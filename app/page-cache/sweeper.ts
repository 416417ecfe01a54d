/**
 * A model write → exactly the keys it expires (see README.md). Decisions and deletions share one index
 * transaction, so any worker may sweep and a repeated sweep finds nothing to do.
 */
import type { Logger } from 'pino';
import type { Clock } from '#app/clock.ts';
import type { RecordChange } from '#app/models/changes.ts';
import { exclusively, type CacheIndex } from '#app/page-cache/index-db.ts';
import { expireKeys, listingsOfPagesUsing } from '#app/page-cache/page-index.ts';
import {
  readFootprint,
  writeFootprint,
  forgetFootprint,
  articlesWith,
  readName,
  writeName,
  allFootprintIds,
} from '#app/page-cache/footprint-index.ts';
import {
  footprintOf,
  keysForArticleChange,
  relinked,
  type ArticleFacts,
  type Footprint,
} from '#app/page-cache/footprint.ts';
import {
  articleFacts,
  allArticleFacts,
  articleIdsWith,
  authorName,
  commentFacts,
  neighbourIds,
  tagName,
} from '#app/page-cache/loaders.ts';
import { everything, listKey, recordKey } from '#app/page-cache/keys.ts';

export interface SweeperContext {
  readonly index: CacheIndex;
  readonly logger: Logger;
  /** Settles once the index has its first picture of the blog. */
  readonly ready: () => Promise<void>;
  /** Told after articles were swept (the schedule re-arms). */
  readonly articlesSwept?: () => void;
  /** Whether an article is visible yet is judged by this clock. */
  readonly clock: Clock;
}

interface ArticleSweep {
  /** Expired too, in the same transaction. */
  extraKeys?: string[];
  /** The articles look different though their footprints are the same (a tag or an author was renamed). */
  shownDifferently?: boolean;
  /** Facts already loaded (all articles, say). */
  facts?: ArticleFacts[];
  /** More bookkeeping for the same transaction. */
  alsoRecord?: () => void;
}

export class Sweeper {
  constructor(private readonly context: SweeperContext) {}

  /** The listener for `onChange`; never throws into the model's write. */
  async sweep(change: RecordChange): Promise<void> {
    const { logger } = this.context;
    try {
      await this.context.ready();
      const expired = await this.expire(change);
      if (expired.length)
        logger.info({ change, expired: expired.length }, `page cache: ${expired.length} pages expired`);
    } catch (error) {
      logger.error({ err: error, change }, 'page cache: sweep failed; expiring every page');
      try {
        this.expireEverything();
      } catch (fallback) {
        logger.error({ err: fallback }, 'page cache: could not expire the pages');
      }
    }
  }

  /** Articles whose facts may have changed: expires what changed, records what they look like now. Returns the paths removed. */
  async sweepArticles(ids: readonly number[], options: ArticleSweep = {}): Promise<string[]> {
    const now = this.context.clock.now().getTime();
    const facts = options.facts ?? (await articleFacts(ids));
    const after = new Map<number, Footprint>(facts.map((f) => [f.id, footprintOf(f, now)]));
    const neighbours = new Map<number, number[]>();
    for (const id of new Set(ids)) neighbours.set(id, await this.relinkedNeighbours(id, after.get(id) ?? null, now));
    const { db, root } = this.context.index;
    const removed = exclusively(db, () => {
      const keys = new Set(options.extraKeys);
      for (const id of new Set(ids)) {
        const before = readFootprint(db, id);
        const current = after.get(id) ?? null;
        const seenIn = before ? [] : listingsOfPagesUsing(db, recordKey.article(id));
        const change = {
          id,
          before,
          after: current,
          seenIn,
          neighbours: neighbours.get(id) ?? [],
          shownDifferently: options.shownDifferently ?? false,
        };
        for (const key of keysForArticleChange(change)) keys.add(key);
        if (current) writeFootprint(db, current);
        else forgetFootprint(db, id);
      }
      options.alsoRecord?.();
      return expireKeys(db, root, keys);
    });
    this.context.articlesSwept?.();
    return removed;
  }

  /**
   * The articles whose previous/next links change with this one: its
   * neighbours where it is now and where it was. Read before the transaction,
   * from the footprint as it stands (a concurrent sweep of the same article
   * could make this a little generous, never short: the old place is where it was).
   */
  private async relinkedNeighbours(id: number, after: Footprint | null, now: number): Promise<number[]> {
    const before = readFootprint(this.context.index.db, id);
    if (!relinked(before, after)) return [];
    const places = [before, after].filter((f): f is Footprint => Boolean(f?.visible));
    const found = await Promise.all(
      places.map((f) => neighbourIds({ id, publishedAt: f.publishedAt! }, new Date(now))),
    );
    return [...new Set(found.flat())];
  }

  private expire(change: RecordChange): Promise<string[]> | string[] {
    const { id } = change;
    switch (change.type) {
      case 'article':
        return id === null ? this.sweepAllArticles() : this.sweepArticles([id]);
      case 'comment':
        return id === null ? this.expireEverything() : this.sweepComment(id, change.articleId);
      case 'tag':
      case 'user':
        return id === null ? this.expireEverything() : this.sweepNamed(change.type, id);
      case 'section':
        return id === null ? this.expireEverything() : this.sweepSection(id);
      case 'page':
        // Its own page, a page-style section showing it, and the sitemap that lists it.
        return this.expireKeys(id === null ? [everything] : [recordKey.page(id), listKey.sitemap]);
      case 'settings':
        // Title, theme, comment policy, articles per page, time zone: every page shows some of it.
        return this.expireEverything();
      case 'asset':
        // Uploads keep their URLs, so no page's HTML changes.
        return [];
      case 'redirect':
        // A redirect answers what no page does (a 404, or an address with a query): nothing cached shows it.
        return [];
      default:
        return this.expireEverything();
    }
  }

  private async sweepComment(id: number, articleIdHint: number | undefined): Promise<string[]> {
    const comment = await commentFacts(id);
    const articleId = comment?.articleId ?? articleIdHint;
    const [facts] = articleId === undefined ? [] : await articleFacts([articleId]);
    const after = facts ? footprintOf(facts, this.context.clock.now().getTime()) : null;
    const { db, root } = this.context.index;
    return exclusively(db, () => {
      const keys = [recordKey.comment(id)];
      if (comment?.status === 'approved' && after?.visible)
        keys.push(listKey.commentsOf(after.article), listKey.comments);
      const before = articleId === undefined ? undefined : readFootprint(db, articleId);
      // The approved count shows on every page listing the article (and bumps its last change in the sitemap).
      const countChanged =
        before && after ? before.comments !== after.comments : comment === null || comment.status === 'approved';
      if (countChanged && after)
        keys.push(recordKey.article(after.article), ...(after.visible ? [listKey.sitemap] : []));
      if (after) writeFootprint(db, after);
      return expireKeys(db, root, keys);
    });
  }

  /** A tag or an author: renamed (their articles show the name), or their articles moved (a merge, a deletion). */
  private async sweepNamed(kind: 'tag' | 'user', id: number): Promise<string[]> {
    const nameKey = `${kind}:${id}`;
    const current = kind === 'tag' ? await tagName(id) : await authorName(id);
    const renamed = readName(this.context.index.db, nameKey) !== current;
    const by = kind === 'tag' ? { tag: id } : { author: id };
    const ids = union(articlesWith(this.context.index.db, by), await articleIdsWith(by));
    const extraKeys = !renamed ? [] : kind === 'tag' ? [recordKey.tag(id), listKey.tags] : [recordKey.user(id)];
    return this.sweepArticles(ids, {
      extraKeys,
      shownDifferently: renamed,
      alsoRecord: () => writeName(this.context.index.db, nameKey, current),
    });
  }

  /** Sections are the navigation, on every page; their articles' footprints are brought up to date too. */
  private async sweepSection(id: number): Promise<string[]> {
    const ids = union(articlesWith(this.context.index.db, { section: id }), await articleIdsWith({ section: id }));
    return this.sweepArticles(ids, { extraKeys: [everything] });
  }

  /** "All articles changed" (an author's articles credited to someone else, say). */
  private async sweepAllArticles(): Promise<string[]> {
    const facts = await allArticleFacts();
    return this.sweepArticles(
      union(
        allFootprintIds(this.context.index.db),
        facts.map((f) => f.id),
      ),
      { facts },
    );
  }

  private expireEverything(): string[] {
    return this.expireKeys([everything]);
  }

  private expireKeys(keys: string[]): string[] {
    const { db, root } = this.context.index;
    return exclusively(db, () => expireKeys(db, root, keys));
  }
}

function union(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])];
}
