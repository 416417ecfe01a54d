import type { Request, Response } from 'express';
import { signedInUser } from '#app/middleware/authentication.ts';
import { ValidationError } from '#app/models/validation.ts';
import { autosave, startDraft } from '#app/models/article/autosave.ts';
import { editableArticle } from '#app/controllers/admin/article-access.ts';
import { formValues } from '#app/controllers/admin/article-form.ts';

/**
 * POST /admin/articles/autosave (a new article: creates the draft) and
 * /admin/articles/:id/autosave (replaces the user's autosave). JSON in and
 * out; the reply names the article's URLs so the editor can switch to it.
 */
export async function create(req: Request, res: Response) {
  const editor = signedInUser(req);
  const values = formValues(req.body);
  res.setHeader('Cache-Control', 'no-store');
  try {
    if (req.params.id === undefined) {
      const { article, autosavedAt } = await startDraft(values, editor);
      res.status(201).json(reply(article.id, autosavedAt, true));
      return;
    }
    const article = await editableArticle(req);
    const saved = await autosave(article.id, editor.id, values);
    res.json(reply(article.id, saved.createdAt, false));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    res.status(422).json({ error: 'invalid', message: error.message, fields: error.fields });
  }
}

function reply(id: number, savedAt: Date, created: boolean) {
  const base = `/admin/articles/${id}`;
  return {
    id,
    created,
    savedAt: savedAt.toISOString(),
    urls: {
      edit: `${base}/edit`,
      update: base,
      preview: `${base}/preview`,
      autosave: `${base}/autosave`,
      revisions: `${base}/revisions`,
      deletion: `${base}/deletion`,
    },
  };
}
