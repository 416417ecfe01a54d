/** Pagination links for a listing. */
import { pagedPath } from '#app/helpers/permalinks.ts';

export interface Pagination {
  page: number;
  totalPages: number;
  total: number;
  newerUrl: string | null;
  olderUrl: string | null;
}

export function pagination(basePath: string, page: number, perPage: number, total: number): Pagination {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    page,
    totalPages,
    total,
    newerUrl: page > 1 ? pagedPath(basePath, page - 1) : null,
    olderUrl: page < totalPages ? pagedPath(basePath, page + 1) : null,
  };
}

export function lastPage(perPage: number, total: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}
