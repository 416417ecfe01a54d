import type { Request, Response } from 'express';
import { signedInUser } from '#app/middleware/authentication.ts';
import { approvedComments } from '#app/models/article/reading.ts';
import { previewArticle } from '#app/models/article/preview.ts';
import { presentArticlePage } from '#app/presenters/article-page.ts';
import { renderPage } from '#app/themes/page.ts';
import { editableArticle } from '#app/controllers/concerns/editable-article.ts';
import { articleFields } from '#app/controllers/concerns/article-fields.ts';

/**
 * POST /admin/articles/preview and /admin/articles/:id/preview: the typed,
 * unsaved article through the active theme's article template, as readers
 * will see it. Nobody may keep a copy; the comment form shows as closed.
 */
export async function create(req: Request, res: Response) {
  const current = req.params.id === undefined ? null : await editableArticle(req);
  const article = await previewArticle(articleFields(req.body), current, signedInUser(req));
  const comments = current ? await approvedComments(current.id) : [];
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex');
  const data = presentArticlePage(article, comments, { closedReason: 'Comments are closed in this preview.' });
  await renderPage(req, res, 'article', data, {
    title: article.title,
    preview: { kind: 'article', article: data.article },
  });
}
