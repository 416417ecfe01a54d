import type { Request, Response } from 'express';
import { signedInUser } from '#app/middleware/authentication.ts';
import { autosave, startDraft } from '#app/models/article/autosave.ts';
import { editableArticle } from '#app/controllers/concerns/editable-article.ts';
import { articleFields } from '#app/controllers/concerns/article-fields.ts';
import { saveOrShowErrors } from '#app/controllers/concerns/form-errors.ts';

/**
 * POST /admin/articles/autosave (a new article: creates the draft) and
 * /admin/articles/:id/autosave (replaces the user's autosave). JSON in and
 * out; the reply names the article's URLs so the editor can switch to it.
 */
export async function create(req: Request, res: Response) {
  const editor = signedInUser(req);
  const values = articleFields(req.body);
  res.setHeader('Cache-Control', 'no-store');
  await saveOrShowErrors(
    async () => {
      if (req.params.id === undefined) {
        const { article, autosavedAt } = await startDraft(values, editor);
        res.status(201).json(reply(article.id, autosavedAt, true));
        return;
      }
      const article = await editableArticle(req);
      const saved = await autosave(article.id, editor.id, values);
      res.json(reply(article.id, saved.createdAt, false));
    },
    ({ errors, message, status }) => res.status(status).json({ error: 'invalid', message, fields: errors }),
  );
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
