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

export function visibleWhere(now = new Date()): Prisma.ArticleWhereInput {
  return { state: 'published', publishedAt: { lte: now } };
}

export function scheduledWhere(now: Date): Prisma.ArticleWhereInput {
  return { state: 'published', publishedAt: { gt: now } };
}

/** The articles `articleStatus` gives this status. */
export function statusWhere(status: ArticleStatus, now: Date): Prisma.ArticleWhereInput {
  switch (status) {
    case 'draft':
      return { state: { not: 'published' } };
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
