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
import { databaseRetryAfterSeconds, databaseUnavailability } from '#app/database/errors.ts';
import type { ReadableArticle } from '#app/models/article/reading.ts';
import type { ArticleView } from '#app/presenters/article.ts';
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
  const { form, honeypot } = commentPost(req.body);
  try {
    const { article, previous, next } = await loadArticle(req);
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
      return await renderArticle(req, res, article, { previous, next }, { values: form, ...state }, status);
    }
    await renderCommentPreview(req, res, article, {
      values: form,
      token: issueCommentToken(article.id, appContext(req).config.sessionSecret),
    });
  } catch (error) {
    // Without the database there is no token to issue: the form offers the preview again.
    await keepTheText(req, res, error, undefined, { values: form, token: null });
  }
}

/** POST /:year/:month/:day/:slug/comments: posts a previewed comment, once per token. */
export async function create(req: Request, res: Response) {
  const { config } = appContext(req);
  const { form, honeypot, token: given } = commentPost(req.body);
  let article: ReadableArticle | undefined;
  try {
    const loaded = await loadArticle(req);
    article = loaded.article;
    const settings = await currentSettings();
    const closed = commentsClosedReason(article, settings);
    if (closed)
      return await renderArticle(
        req,
        res,
        article,
        { previous: loaded.previous, next: loaded.next },
        { values: form, message: closed },
        403,
      );
    // Every refusal shows the preview again with the reader's text, so nothing typed is lost.
    const shown = article;
    const again = (
      state: { message: string; errors?: Record<string, string>; token?: string | null },
      status: number,
    ) => renderCommentPreview(req, res, shown, { values: form, token: given, ...state }, status);

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
        const comment = await createComment(shown, form, origin, settings, {
          token: verdict.accepted,
          mail: config,
          subscribe: form.subscribe,
        });
        const url = articlePath(shown);
        res.redirect(
          303,
          comment.status === 'approved' ? `${url}#comment-${comment.id}` : `${url}?comment=held#comments`,
        );
      },
      ({ errors, status }) => again({ errors, message: fieldsRefused }, status),
    );
  } catch (error) {
    if (error instanceof CommentTokenSpent && article)
      return renderCommentPreview(req, res, article, { values: form, message: alreadyPosted, token: null }, 409);
    // The token was not spent (its transaction rolled back, or never began), so the same form can post again.
    await keepTheText(req, res, error, article, { values: form, token: given });
  }
}

/**
 * A database that is busy or down: 503 with Retry-After, and the preview page
 * again with what the reader typed, so a comment written while the blog's
 * pages were served from the cache is not lost. Any other error goes on.
 */
async function keepTheText(
  req: Request,
  res: Response,
  error: unknown,
  article: ReadableArticle | undefined,
  state: { values: ReturnType<typeof commentPost>['form']; token: string | null },
): Promise<void> {
  const unavailable = databaseUnavailability(error);
  if (!unavailable) throw error;
  appContext(req).logger.warn({ reqId: req.id, path: req.path, err: error }, `database ${unavailable}`);
  const seconds = databaseRetryAfterSeconds;
  const again = state.token ? 'post it again' : 'preview it again';
  const message =
    unavailable === 'busy'
      ? `The blog is too busy to take your comment right now. Nothing is lost: please ${again} in ${seconds} seconds.`
      : `The blog cannot take your comment right now: its database is not answering. Your text is kept below: please ${again} in ${seconds} seconds.`;
  res.setHeader('Retry-After', String(seconds));
  await renderCommentPreview(req, res, article ?? articleAtAddress(req), { ...state, message }, 503);
}

/** While the article cannot be read, the preview page names it by its address alone. */
function articleAtAddress(req: Request): ArticleView {
  const { year, month, day, slug } = req.params as Record<string, string>;
  const url = `/${year}/${month}/${day}/${encodeURIComponent(slug ?? '')}`;
  const now = new Date();
  return {
    id: 0,
    title: slug ?? '',
    url,
    publishedAt: now,
    updatedAt: now,
    summaryHtml: '',
    hasMore: false,
    bodyHtml: '',
    tags: [],
    section: null,
    author: { name: '', url: '' },
    commentsCount: 0,
    commentsUrl: `${url}#comments`,
    allowComments: true,
    cover: null,
    readingMinutes: 1,
  };
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
      subscribe: text('subscribe') === 'on',
    },
    honeypot: text(honeypotField),
    token: text('token') ?? null,
  };
}
