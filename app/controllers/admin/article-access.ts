/**
 * Loading the article a back-office route names. Another author's article,
 * a missing one and a malformed or huge id are all the same 404.
 */
import type { Request } from 'express';
import { notFound } from '#app/middleware/errors.ts';
import { parseRecordId } from '#app/controllers/concerns/params.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { findEditableArticle } from '#app/models/article/editing.ts';

/** The article at `:id` that the signed-in user may edit, or a 404. */
export async function editableArticle(req: Request) {
  const article = await findEditableArticle(recordId(req.params.id), signedInUser(req));
  if (!article) throw notFound('There is no such article.');
  return article;
}

/** A route's numeric id: digits only, no leading zero, within a database integer. */
export function recordId(raw: unknown): number {
  const id = parseRecordId(raw);
  if (id === null) throw notFound('There is no such article.');
  return id;
}
