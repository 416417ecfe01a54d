/**
 * Loading the article a back-office route names. Another author's article,
 * a missing one and a malformed or huge id are all the same 404.
 */
import type { Request } from 'express';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { idParam } from '#app/controllers/concerns/params.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { findEditableArticle } from '#app/models/article/editing.ts';

export const noSuchArticle = 'There is no such article.';

/** The article at `:id` that the signed-in user may edit, or a 404. */
export async function editableArticle(req: Request) {
  const article = await findEditableArticle(idParam(req, 'id', noSuchArticle), signedInUser(req));
  return orNotFound(article, noSuchArticle);
}
