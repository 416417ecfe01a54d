/** Pagination links for a listing: newer and older, never a page count (counting grows with the archive). */
import { pagedPath } from '#app/helpers/permalinks.ts';

export interface Pagination {
  page: number;
  newerUrl: string | null;
  olderUrl: string | null;
}

/** `link` makes page n's URL (default: `basePath/page/n`). */
export function pagination(basePath: string, page: number, hasOlder: boolean, link = (n: number) => pagedPath(basePath, n)): Pagination {
  return { page, newerUrl: page > 1 ? link(page - 1) : null, olderUrl: hasOlder ? link(page + 1) : null };
}
