import type { Request, Response } from 'express';
import { restoreArticle } from '#app/models/article/trash.ts';
import { flash } from '#app/controllers/concerns/admin-page.ts';
import { editableArticle } from '#app/controllers/concerns/editable-article.ts';

/** POST /admin/articles/:id/restoration: takes the article out of the trash, in the state it had. */
export async function create(req: Request, res: Response) {
  const article = await editableArticle(req);
  const restored = await restoreArticle(article.id);
  flash(req, 'notice', `Restored “${article.title}” as ${restored.state === 'published' ? 'published' : 'a draft'}.`);
  res.redirect(303, '/admin/articles');
}
