/**
 * Reading admin form input: only the named fields, only strings. Whatever
 * else a request carries (a role, an author id) is never seen, so mass
 * assignment has nothing to assign.
 */
import type { Request } from 'express';
import { ValidationError } from '#app/models/validation.ts';
import { listPage, parseRecordId } from '#app/controllers/concerns/params.ts';

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
  return listPage(req.query.page);
}

/** A new password typed twice: the two must agree before the model judges it. */
export function ensurePasswordsMatch(fields: { password: string; passwordConfirmation: string }): void {
  if (fields.password !== fields.passwordConfirmation)
    throw new ValidationError({ passwordConfirmation: 'The two passwords differ.' });
}
