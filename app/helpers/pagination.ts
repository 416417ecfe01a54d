/** Pagination links for a listing: newer and older, never a page count (counting grows with the archive). */
import { pagedPath } from '#app/helpers/permalinks.ts';

export interface Pagination {
  page: number;
  /** The page before this one: newer articles, or better-ranked results. */
  newerUrl: string | null;
  /** The page after this one: older articles, or lower-ranked results. */
  olderUrl: string | null;
  /** What orders the pages: by date (label them newer/older) or by relevance (pages of results). */
  order: 'date' | 'relevance';
}

/** `link` makes page n's URL (default: `basePath/page/n`). */
export function pagination(
  basePath: string,
  page: number,
  hasOlder: boolean,
  link = (n: number) => pagedPath(basePath, n),
): Pagination {
  return {
    page,
    newerUrl: page > 1 ? link(page - 1) : null,
    olderUrl: hasOlder ? link(page + 1) : null,
    order: 'date',
  };
}

/** Pages of results ranked by relevance (search): previous and next results, not newer and older. */
export function resultsPagination(page: number, hasMore: boolean, link: (n: number) => string): Pagination {
  return { ...pagination('', page, hasMore, link), order: 'relevance' };
}
