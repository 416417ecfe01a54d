/**
 * What readers' pages read: visible articles with their author, section and
 * tags, each page in one round trip. These are the hottest queries in Folio,
 * so they are hand-written, per dialect, behind the database boundary
 * (app/database/, `reading`); this module is their model-side face.
 */
import { database } from '#app/models/db.ts';
import type { ListingFilter, ReadableArticle, ArticleLink, ReadableComment, FeedComment } from '#app/database/index.ts';

export type { ListingFilter, ReadableArticle, ArticleLink, ReadableComment } from '#app/database/index.ts';

export interface ListingPage {
  articles: ReadableArticle[];
  page: number;
  /** Whether a next (older) page exists: found by reading one row more, never by counting. */
  hasOlder: boolean;
}

/** One page of visible articles matching `filter`, newest first. */
export async function listVisibleArticles(
  filter: ListingFilter,
  page: number,
  perPage: number,
  now = new Date(),
): Promise<ListingPage> {
  const rows = await database().reading.listVisible(filter, perPage + 1, (page - 1) * perPage, now);
  return { articles: rows.slice(0, perPage), page, hasOlder: rows.length > perPage };
}

/** The visible article at a permalink, with its previous and next visible articles, or null. */
export function findVisibleByPermalink(
  publishedOn: string,
  slug: string,
  now = new Date(),
): Promise<{ article: ReadableArticle; previous: ArticleLink | null; next: ArticleLink | null } | null> {
  return database().reading.findByPermalink(publishedOn, slug, now);
}

/** These visible articles (for search results), in no particular order. */
export function findVisibleByIds(ids: number[], now = new Date()): Promise<ReadableArticle[]> {
  return database().reading.findByIds(ids, now);
}

/** An article's approved comments, oldest first. */
export function approvedComments(articleId: number): Promise<ReadableComment[]> {
  return database().reading.approvedComments(articleId);
}

/**
 * The newest approved comments on visible articles (or on one of them),
 * newest first, each with its article's title and permalink parts: feeds.
 */
export function newestApprovedComments(
  limit: number,
  articleId: number | null = null,
  now = new Date(),
): Promise<FeedComment[]> {
  return database().reading.newestApprovedComments(limit, articleId, now);
}
