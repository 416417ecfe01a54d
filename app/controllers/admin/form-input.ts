/**
 * Reading admin form input: only the named fields, only strings. Whatever
 * else a request carries (a role, an author id) is never seen, so mass
 * assignment has nothing to assign.
 */
import type { Request } from 'express';
import { parseRecordId } from '#app/controllers/concerns/params.ts';

/** The named fields of the form body as strings ('' when missing or not a string). */
export function formFields<K extends string>(req: Request, keys: readonly K[]): Record<K, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, typeof body[k] === 'string' ? body[k] : ''])) as Record<K, string>;
}

/** Checked boxes named `ids` (or `ids[]`): the valid ids, unique, at most `max`. */
export function idList(req: Request, max = 500): number[] {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const raw = body.ids ?? body['ids[]'] ?? [];
  const ids = (Array.isArray(raw) ? raw : [raw]).map(parseRecordId).filter((id): id is number => id !== null);
  return [...new Set(ids)].slice(0, max);
}

/** `?page=` for admin listings: 1 when absent or not a sane number. */
export function pageQuery(req: Request): number {
  const raw = req.query.page;
  return typeof raw === 'string' && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1;
}
