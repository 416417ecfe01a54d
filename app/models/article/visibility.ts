/**
 * Who may read an article: the product's one visibility rule. An article is
 * visible when it is published and its publication time has come. A
 * scheduled article is simply published with a time still to come, so it
 * appears on its own when that time passes, with no job.
 *
 * The rule is needed as a Prisma filter and in JavaScript for records
 * already loaded, each here; the hand-written queries behind the database
 * boundary spell it once, for both dialects (app/database/visibility-sql.ts).
 */
import type { Prisma } from '#app/models/db.ts';

/** draft, published (visible now) or scheduled (published with a time still to come). */
export type ArticleStatus = 'draft' | 'published' | 'scheduled';
/** What the admin's list shows and filters by: a status, or in the trash (article/trash.ts). */
export type ListingStatus = ArticleStatus | 'deleted';

export function visibleWhere(now = new Date()): Prisma.ArticleWhereInput {
  return { state: 'published', publishedAt: { lte: now } };
}

export function scheduledWhere(now: Date): Prisma.ArticleWhereInput {
  return { state: 'published', publishedAt: { gt: now } };
}

/** The articles `listingStatus` gives this status. */
export function statusWhere(status: ListingStatus, now: Date): Prisma.ArticleWhereInput {
  switch (status) {
    case 'draft':
      // Not the trash: a trashed draft is listed as deleted, not among drafts.
      return { state: 'draft' };
    case 'deleted':
      return { state: 'deleted' };
    case 'published':
      return { state: 'published', OR: [{ publishedAt: null }, { publishedAt: { lte: now } }] };
    case 'scheduled':
      return scheduledWhere(now);
  }
}

export function isVisible(article: { state: string; publishedAt: Date | null }, now: Date): boolean {
  return article.state === 'published' && article.publishedAt !== null && article.publishedAt <= now;
}

export function articleStatus(article: { state: string; publishedAt: Date | null }, now = new Date()): ArticleStatus {
  if (article.state !== 'published') return 'draft';
  return article.publishedAt && article.publishedAt > now ? 'scheduled' : 'published';
}

/** articleStatus, but a trashed article is 'deleted' (articleStatus counts it a draft: readers never see it). */
export function listingStatus(article: { state: string; publishedAt: Date | null }, now = new Date()): ListingStatus {
  return article.state === 'deleted' ? 'deleted' : articleStatus(article, now);
}
