import type { Request, Response } from 'express';
import { createComment, commentsClosedReason } from '#app/models/comment.ts';
import { spamRefusal, honeypotField } from '#app/models/comment/spam.ts';
import { currentSettings } from '#app/models/settings.ts';
import { ValidationError } from '#app/models/validation.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { appContext } from '#app/context.ts';
import { loadArticle } from '#app/controllers/articles.ts';
import { renderArticle } from '#app/controllers/concerns/article-page.ts';

/** POST /:year/:month/:day/:slug/comments */
export async function create(req: Request, res: Response) {
  const { article } = await loadArticle(req);
  const settings = await currentSettings();
  const { config } = appContext(req);
  const form = commentFields(req.body);
  const closed = commentsClosedReason(article, settings);
  if (closed) return renderArticle(req, res, article, null, { values: form, message: closed }, 403);

  const refusal = await spamRefusal({
    articleId: article.id, honeypot: text(req.body?.[honeypotField]), formToken: text(req.body?.token), body: form.body,
    ip: req.ip ?? '', now: new Date(), secret: config.sessionSecret, minSeconds: config.commentMinSeconds,
  });
  if (refusal) return renderArticle(req, res, article, null, { values: form, message: refusal.message }, refusal.status);

  try {
    const comment = await createComment(article, form, { ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '' }, settings);
    const url = articlePath(article);
    res.redirect(303, comment.status === 'approved' ? `${url}#comment-${comment.id}` : `${url}?comment=held#comments`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await renderArticle(req, res, article, null, { values: form, errors: error.fields, message: 'Your comment was not posted. Please check the fields marked below.' }, 422);
  }
}

function commentFields(body: unknown) {
  const source = (body ?? {}) as Record<string, unknown>;
  return { authorName: text(source.authorName) ?? '', email: text(source.email) ?? '', url: text(source.url) ?? '', body: text(source.body) ?? '' };
}

/** Form values arrive as strings; anything else (arrays from repeated fields) is ignored. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
