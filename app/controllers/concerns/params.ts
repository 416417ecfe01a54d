/** Numbers from routes, queries and forms: whole, sane and bounded; anything else is no number (often a 404). */
import type { Request } from 'express';
import { notFound } from '#app/middleware/http-errors.ts';
import type { FeedFormat } from '#app/feeds/index.ts';
import { parseRecordId, wholeNumber } from '#app/models/record-id.ts';

export { parseRecordId, wholeNumber };

const maxPage = 1_000_000;
export const maxListPage = 999_999;

/** The route's `:name` as a record id; anything else is no record at all (404, with `message`). */
export function idParam(req: Request, name = 'id', message?: string): number {
  const id = parseRecordId(req.params[name]);
  if (id === null) throw notFound(message);
  return id;
}

/** `/page/:n`: 1 when absent; 0, negative, huge or non-numeric values are no page at all. */
export function pageParam(req: Request): number {
  const raw = req.params.n as string | undefined;
  if (raw === undefined) return 1;
  const page = wholeNumber(raw, maxPage);
  if (page === null) throw notFound(`There is no page "${raw}".`);
  return page;
}

/** A `page` from a query string or a form: 1 when absent or not a sane number. */
export function listPage(value: unknown): number {
  return wholeNumber(value, maxListPage) ?? 1;
}

/** A page past the last one is a 404, except page 1 of an empty listing. */
export function ensurePageExists(page: number, shown: number): void {
  if (page > 1 && shown === 0) throw notFound(`There is no page ${page}: this list is shorter.`);
}

/** `.atom` or `.rss` from a route's :format, or null for anything else. */
export function feedFormat(req: Request): FeedFormat | null {
  const format = req.params.format;
  return format === 'atom' || format === 'rss' ? format : null;
}
