/** Route parameters that must be whole, sane numbers; anything else is a 404. */
import type { Request } from 'express';
import { notFound } from '#app/middleware/errors.ts';
import type { FeedFormat } from '#app/feeds/index.ts';

const maxPage = 1_000_000;
const maxRecordId = 2_147_483_647;

/** A record id as a route or form sends it: digits, no leading zero, within a database integer; else null. */
export function parseRecordId(value: unknown): number | null {
  return typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= maxRecordId
    ? Number(value)
    : null;
}

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
  if (!/^[1-9]\d{0,6}$/.test(raw) || Number(raw) > maxPage) throw notFound(`There is no page "${raw}".`);
  return Number(raw);
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
