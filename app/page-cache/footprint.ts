/**
 * An article's footprint: the facts that place it in listings. Before against after says which listings a
 * change touched (see README.md). Pure.
 */
import { listKey, recordKey } from '#app/page-cache/keys.ts';
import { isVisible } from '#app/models/article/visibility.ts';

export interface Footprint {
  article: number;
  /** See article/visibility.ts. */
  visible: boolean;
  /** When it becomes (or became) visible; null for a draft. */
  publishedAt: number | null;
  publishedOn: string | null;
  author: number;
  section: number | null;
  comments: number;
  updatedAt: number;
  /** Tag ids, ascending. */
  tags: number[];
  /** Slug and title: what its neighbours' previous/next links show. */
  link: string;
}

import type { ArticleFacts } from '#app/database/index.ts';

export type { ArticleFacts };

export function footprintOf(article: ArticleFacts, now: number): Footprint {
  return {
    article: article.id,
    visible: isVisible(article, new Date(now)),
    publishedAt: article.state === 'published' ? (article.publishedAt?.getTime() ?? null) : null,
    publishedOn: article.publishedOn,
    author: article.authorId,
    section: article.sectionId,
    comments: article.commentsCount,
    updatedAt: article.updatedAt.getTime(),
    tags: article.taggings.map((t) => t.tagId).sort((a, b) => a - b),
    link: `${article.slug}\t${article.title}`,
  };
}

/** The listings a visible article appears in (none for an invisible one). */
export function listingsOf(footprint: Footprint | null | undefined): string[] {
  if (!footprint?.visible) return [];
  const keys = [listKey.home, listKey.author(footprint.author), ...footprint.tags.map(listKey.tag)];
  const day = footprint.publishedOn;
  if (day) keys.push(listKey.date(day.slice(0, 4)), listKey.date(day.slice(0, 7)), listKey.date(day));
  if (footprint.section !== null) keys.push(listKey.section(footprint.section));
  return keys;
}

export function sameFootprint(a: Footprint, b: Footprint): boolean {
  return (
    a.visible === b.visible &&
    a.publishedAt === b.publishedAt &&
    a.publishedOn === b.publishedOn &&
    a.author === b.author &&
    a.section === b.section &&
    a.comments === b.comments &&
    a.updatedAt === b.updatedAt &&
    a.tags.join() === b.tags.join() &&
    a.link === b.link
  );
}

/**
 * Whether the previous/next links around the article changed: it appeared,
 * went, moved, or changed its title or slug. Then the pages of its
 * neighbours (where it is, and where it was) must go.
 */
export function relinked(before: Footprint | undefined, after: Footprint | null): boolean {
  if (!before?.visible && !after?.visible) return false;
  return moved(before, after) || before!.link !== after!.link;
}

/** Whether the article changed its place in its listings: shown or hidden, or moved in time. */
export function moved(before: Footprint | undefined, after: Footprint | null): boolean {
  if (!before || !after) return true;
  return before.visible !== after.visible || before.publishedAt !== after.publishedAt;
}

export interface ArticleChange {
  id: number;
  /** As last seen; undefined when the index never saw it (new, or written by another program). */
  before: Footprint | undefined;
  /** Now; null when deleted. */
  after: Footprint | null;
  /** For an unseen article: the listings of cached pages that showed it. */
  seenIn: string[];
  /** Articles whose previous/next links this change altered (see `relinked`). */
  neighbours: number[];
  /** Its display changed though its footprint did not (a tag or author renamed). */
  shownDifferently?: boolean;
}

/**
 * The keys a change of one article expires: the pages that showed it, and
 * the listings whose content it changed. Empty when nothing the cache
 * depends on changed (a repeated sweep, a scheduled article already swept
 * by another worker).
 */
export function keysForArticleChange(change: ArticleChange): string[] {
  const { id, before, after } = change;
  if (before && after && sameFootprint(before, after) && !change.shownDifferently) return [];
  const keys = new Set<string>([recordKey.article(id)]);
  const was = before ? listingsOf(before) : change.seenIn;
  const is = listingsOf(after);
  const shifted = moved(before, after);
  // A move reorders (or changes) every listing it is in; otherwise only the listings it joined or left change.
  const listings = shifted ? union(was, is) : symmetricDifference(was, is);
  for (const key of listings) keys.add(key);
  if (listings.some((key) => key.startsWith('list:date:'))) keys.add(listKey.archives);
  if (listings.some((key) => key.startsWith('list:tag:'))) keys.add(listKey.tags);
  const visibleBefore = before ? before.visible : change.seenIn.length > 0;
  // The sitemap shows every visible article with its last change.
  if (visibleBefore || after?.visible) keys.add(listKey.sitemap);
  for (const neighbour of change.neighbours) keys.add(listKey.neighboursOf(neighbour));
  // Its comments join or leave the site-wide comment feeds with it.
  if (visibleBefore !== Boolean(after?.visible) && Math.max(before?.comments ?? 0, after?.comments ?? 0) > 0)
    keys.add(listKey.comments);
  return [...keys];
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

function symmetricDifference(a: string[], b: string[]): string[] {
  const left = new Set(a);
  const right = new Set(b);
  return [...a.filter((key) => !right.has(key)), ...b.filter((key) => !left.has(key))];
}
