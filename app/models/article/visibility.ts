/**
 * Who may read an article: the product's one visibility rule. An article is
 * visible when it is published and its publication time has come. A
 * scheduled article is simply published with a time still to come, so it
 * appears on its own when that time passes, with no job.
 *
 * The rule is needed as a Prisma filter, as SQL for the readers' hot
 * queries, and in JavaScript for records already loaded; each form is here,
 * and nothing else spells it.
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

/**
 * The rule as an SQL condition on the Article table `alias` ('' for an
 * unaliased table), with one placeholder: bind `sqliteTimestamp(now)`.
 * Served by the (state, publishedAt) indexes.
 */
export function visibleSql(alias: string): string {
  return `${publishedSql(alias)} AND ${column(alias, 'publishedAt')} <= ?`;
}

/** Scheduled, as SQL on the Article table `alias`; one placeholder, bound like `visibleSql`'s. */
export function scheduledSql(alias: string): string {
  return `${publishedSql(alias)} AND ${column(alias, 'publishedAt')} > ?`;
}

/**
 * Published, whatever the time: for a query whose time bound comes from a
 * visible article (its older neighbour is visible too), where a second
 * upper bound on publishedAt would leave SQLite to pick the wrong one.
 */
export function publishedSql(alias: string): string {
  return `${column(alias, 'state')} = 'published'`;
}

/**
 * The rule on the Tagging table `alias`: triggers keep Tagging.publishedAt a
 * copy of the article's while it is published, and null otherwise, so one
 * comparison (served by the tag's (tagId, publishedAt) index) says it. One
 * placeholder, bound like `visibleSql`'s.
 */
export function visibleTaggingSql(alias: string): string {
  return `${column(alias, 'publishedAt')} <= ?`;
}

function column(alias: string, name: string): string {
  return alias ? `${alias}."${name}"` : `"${name}"`;
}
