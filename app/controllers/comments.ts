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
import { busyRetryAfterSeconds, isDatabaseBusy } from '#app/database/errors.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { appContext } from '#app/context.ts';
import { loadArticle } from '#app/controllers/concerns/article-loader.ts';
import { renderArticle } from '#app/controllers/concerns/article-page.ts';
import { renderCommentPreview } from '#app/controllers/concerns/comment-preview.ts';
import { saveOrShowErrors } from '#app/controllers/concerns/form-errors.ts';

const fieldsRefused = 'Your comment was not posted. Please check the fields marked below.';
const alreadyPosted =
  'This comment has already been posted: a preview posts once. To post another, change the text and preview it again.';

/** POST /:year/:month/:day/:slug/comments/preview: the comment as it will look, with a token to post it. */
export async function preview(req: Request, res: Response) {
  const { article, previous, next } = await loadArticle(req);
  const { form, honeypot } = commentPost(req.body);
  const closed = commentsClosedReason(article, await currentSettings());
  const refusal = contentRefusal({ honeypot, body: form.body });
  const errors = commentInputErrors(form);
  // Refused here, the reader is sent back to the article page, where the form is.
  if (closed || refusal || errors) {
    const state = closed
      ? { message: closed }
      : refusal
        ? { message: refusal.message }
        : { errors: errors!, message: fieldsRefused };
    const status = closed ? 403 : (refusal?.status ?? 422);
    return renderArticle(req, res, article, { previous, next }, { values: form, ...state }, status);
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
  const { form, honeypot, token: given } = commentPost(req.body);
  const closed = commentsClosedReason(article, settings);
  if (closed) return renderArticle(req, res, article, { previous, next }, { values: form, message: closed }, 403);
  // Every refusal shows the preview again with the reader's text, so nothing typed is lost.
  const again = (state: { message: string; errors?: Record<string, string>; token?: string | null }, status: number) =>
    renderCommentPreview(req, res, article, { values: form, token: given, ...state }, status);

  try {
    const refusal = contentRefusal({ honeypot, body: form.body });
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
      const kept = token === 'keep' ? given : issueCommentToken(article.id, config.sessionSecret);
      return await again({ message, token: kept }, status);
    }
    await saveOrShowErrors(
      async () => {
        const origin = { ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '' };
        const comment = await createComment(article, form, origin, settings, verdict.accepted);
        const url = articlePath(article);
        res.redirect(
          303,
          comment.status === 'approved' ? `${url}#comment-${comment.id}` : `${url}?comment=held#comments`,
        );
      },
      ({ errors, status }) => again({ errors, message: fieldsRefused }, status),
    );
  } catch (error) {
    if (error instanceof CommentTokenSpent) return again({ message: alreadyPosted, token: null }, 409);
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

/** The comment form's fields; form values arrive as strings, and anything else (repeated fields) is ignored. */
function commentPost(body: unknown) {
  const source = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => {
    const value = source[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    form: {
      authorName: text('authorName') ?? '',
      email: text('email') ?? '',
      url: text('url') ?? '',
      body: text('body') ?? '',
    },
    honeypot: text(honeypotField),
    token: text('token') ?? null,
  };
}
