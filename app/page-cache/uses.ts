/**
 * What a page used, named by its controller (see README.md). Only a response whose handler named something
 * is cached, so a page nobody described (search, errors, assets) is never cached by accident.
 */
import type { Response } from 'express';
import { recordKey } from '#app/page-cache/keys.ts';

export class PageUses {
  readonly keys = new Set<string>();
  /** The page must be rebuilt by then (ms since the epoch): e.g. its comments close. */
  expiresAt: number | undefined;

  /** Records shown or listings listed, by key (see keys.ts). */
  add(...keys: string[]): this {
    for (const key of keys) this.keys.add(key);
    return this;
  }

  articles(articles: Iterable<{ id: number } | null | undefined>): this {
    for (const article of articles) if (article) this.keys.add(recordKey.article(article.id));
    return this;
  }

  comments(comments: Iterable<{ id: number }>): this {
    for (const comment of comments) this.keys.add(recordKey.comment(comment.id));
    return this;
  }

  /** The page goes stale at `at` whatever happens (the earliest such time wins). */
  validUntil(at: Date | number): this {
    const time = typeof at === 'number' ? at : at.getTime();
    if (this.expiresAt === undefined || time < this.expiresAt) this.expiresAt = time;
    return this;
  }
}

/** Accepts everything and keeps nothing: for requests that will not be cached. */
class InertUses extends PageUses {
  override add(): this {
    return this;
  }
  override articles(): this {
    return this;
  }
  override comments(): this {
    return this;
  }
  override validUntil(): this {
    return this;
  }
}

const inert = new InertUses();
const slot = 'pageUses';

/** The collector of this response; an inert one when the response will not be cached. */
export function pageUses(res: Response): PageUses {
  return (res.locals[slot] as PageUses | undefined) ?? inert;
}

/** Called by the writer for a request it may cache. */
export function startCollecting(res: Response): PageUses {
  const uses = new PageUses();
  res.locals[slot] = uses;
  return uses;
}
