/**
 * Commenting takes two steps. The article page's form (cached, the same for
 * everyone) asks for a preview; the preview issues a single-use token, and
 * its "Post comment" stores the comment. See spam.ts for why.
 */
import type { Request, Response } from 'express';
import { createComment, commentsClosedReason, commentInputErrors, CommentTokenSpent } from '#app/models/comment.ts';
import { contentRefusal, judgePost, honeypotField } from '#app/models/comment/spam.ts';
import { issueCommentToken } from '#app/models/comment/form-token.ts';
import { currentSettings } from '#app/models/settings.ts';
import { ValidationError } from '#app/models/validation.ts';
import { busyRetryAfterSeconds, isDatabaseBusy } from '#app/models/database-errors.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { appContext } from '#app/context.ts';
import { loadArticle } from '#app/controllers/concerns/article-loader.ts';
import { renderArticle } from '#app/controllers/concerns/article-page.ts';
import { renderCommentPreview } from '#app/controllers/concerns/comment-form.ts';

const fieldsRefused = 'Your comment was not posted. Please check the fields marked below.';

/** POST /:year/:month/:day/:slug/comments/preview: the comment as it will look, with a token to post it. */
export async function preview(req: Request, res: Response) {
  const { article, previous, next } = await loadArticle(req);
  const form = commentFields(req.body);
  const closed = commentsClosedReason(article, await currentSettings());
  const refusal = contentRefusal({ honeypot: text(req.body?.[honeypotField]), body: form.body });
  const errors = commentInputErrors(form);
  // Refused here, the reader is sent back to the article page, where the form is.
  if (closed || refusal || errors) {
    const state = closed
      ? { message: closed }
      : refusal
        ? { message: refusal.message }
        : { errors: errors!, message: fieldsRefused };
    return renderArticle(
      req,
      res,
      article,
      { previous, next },
      { values: form, ...state },
      closed ? 403 : (refusal?.status ?? 422),
    );
  }
  await renderCommentPreview(req, res, article, {
    values: form,
    token: issueCommentToken(article.id, appContext(req).config.sessionSecret),
  });
}

/** POST /:year/:month/:day/:slug/comments: posts a previewed comment, once per token. */
export async function create(req: Request, res: Response) {
  const { article, previous, next } = await loadArticle(req);
  const settings = await currentSettings();
  const { config } = appContext(req);
  const form = commentFields(req.body);
  const given = text(req.body?.token) ?? null;
  const closed = commentsClosedReason(article, settings);
  if (closed) return renderArticle(req, res, article, { previous, next }, { values: form, message: closed }, 403);
  // Every refusal shows the preview again with the reader's text, so nothing typed is lost.
  const again = (state: { message: string; errors?: Record<string, string>; token?: string | null }, status: number) =>
    renderCommentPreview(req, res, article, { values: form, token: given, ...state }, status);

  try {
    const refusal = contentRefusal({ honeypot: text(req.body?.[honeypotField]), body: form.body });
    if (refusal) return await again({ message: refusal.message }, refusal.status);
    const verdict = await judgePost({
      articleId: article.id,
      token: given ?? undefined,
      ip: req.ip ?? '',
      now: new Date(),
      secret: config.sessionSecret,
      minSeconds: config.commentMinSeconds,
    });
    if ('refused' in verdict) {
      const { message, status, token, retryAfterSeconds } = verdict.refused;
      if (retryAfterSeconds) res.setHeader('Retry-After', String(retryAfterSeconds));
      return await again(
        { message, token: token === 'keep' ? given : issueCommentToken(article.id, config.sessionSecret) },
        status,
      );
    }
    const comment = await createComment(
      article,
      form,
      { ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '' },
      settings,
      verdict.accepted,
    );
    const url = articlePath(article);
    res.redirect(303, comment.status === 'approved' ? `${url}#comment-${comment.id}` : `${url}?comment=held#comments`);
  } catch (error) {
    if (error instanceof ValidationError) return again({ errors: error.fields, message: fieldsRefused }, 422);
    if (error instanceof CommentTokenSpent)
      return again(
        {
          message:
            'This comment has already been posted: a preview posts once. To post another, change the text and preview it again.',
          token: null,
        },
        409,
      );
    if (!isDatabaseBusy(error)) throw error;
    // The token was not spent (its transaction rolled back), so the same preview can post again.
    res.setHeader('Retry-After', String(busyRetryAfterSeconds));
    await again(
      {
        message: `The blog is too busy to take your comment right now. Nothing is lost: please post it again in ${busyRetryAfterSeconds} seconds.`,
      },
      503,
    );
  }
}

function commentFields(body: unknown) {
  const source = (body ?? {}) as Record<string, unknown>;
  return {
    authorName: text(source.authorName) ?? '',
    email: text(source.email) ?? '',
    url: text(source.url) ?? '',
    body: text(source.body) ?? '',
  };
}

/** Form values arrive as strings; anything else (arrays from repeated fields) is ignored. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
