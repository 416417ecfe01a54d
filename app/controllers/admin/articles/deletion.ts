import type { Request, Response } from 'express';
import { deleteArticle } from '#app/models/article.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { editableArticle } from '#app/controllers/concerns/editable-article.ts';

/** GET /admin/articles/:id/deletion: the confirmation step. */
export async function show(req: Request, res: Response) {
  const article = await editableArticle(req);
  await renderAdmin(
    req,
    res,
    'articles/deletion',
    { article, currentStatus: articleStatus(article) },
    { title: `Delete “${article.title}”?`, section: 'articles' },
  );
}

/** POST /admin/articles/:id/deletion: deletes the article, its comments and revisions. */
export async function destroy(req: Request, res: Response) {
  const article = await editableArticle(req);
  await deleteArticle(article.id);
  flash(req, 'notice', `Deleted “${article.title}”.`);
  res.redirect(303, '/admin/articles');
}
