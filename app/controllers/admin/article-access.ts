/**
 * Loading the article a back-office route names. Another author's article,
 * a missing one and a malformed or huge id are all the same 404.
 */
import type { Request } from 'express';
import { notFound } from '#app/middleware/errors.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { findEditableArticle } from '#app/models/article/editing.ts';

const maxId = 2_147_483_647;

/** The article at `:id` that the signed-in user may edit, or a 404. */
export async function editableArticle(req: Request) {
  const article = await findEditableArticle(recordId(req.params.id), signedInUser(req));
  if (!article) throw notFound('There is no such article.');
  return article;
}

/** A route's numeric id: digits only, no leading zero, within a database integer. */
export function recordId(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > maxId) throw notFound('There is no such article.');
  return Number(raw);
}
