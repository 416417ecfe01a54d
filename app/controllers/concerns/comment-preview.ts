/**
 * The preview page: the second step of commenting, which renders the comment
 * as it will look and carries the single-use token that posts it.
 */
import type { Request, Response } from 'express';
import type { ReadableArticle } from '#app/models/article/reading.ts';
import { commentInputErrors } from '#app/models/comment.ts';
import { presentArticle, type ArticleView } from '#app/presenters/article.ts';
import { presentCommentPreview } from '#app/presenters/comment.ts';
import { presentCommentForm, type CommentFormState } from '#app/presenters/comment-form.ts';
import { renderPage } from '#app/themes/page.ts';
import { currentSettings } from '#app/models/settings.ts';

/**
 * `token` is null when there is nothing to post (it was spent): the form then
 * offers only another preview. The rendered comment shows only for fields
 * that would be accepted; otherwise their errors do. `article` is a view
 * already when the article could not be read (the database is down).
 */
export async function renderCommentPreview(
  req: Request,
  res: Response,
  article: ReadableArticle | ArticleView,
  state: CommentFormState & { token: string | null },
  status = 200,
): Promise<void> {
  const view = 'url' in article ? article : presentArticle(article);
  const values = state.values ?? {};
  const errors = state.errors ?? commentInputErrors(values);
  const showPreview = state.token !== null && !errors;
  // While the database is down (keepTheText) the page still shows, without the offer.
  const offerReplies = await currentSettings().then(
    (settings) => settings.replySubscriptions,
    () => false,
  );
  // It holds the reader's email and a token for them alone: no cache may keep it.
  res.setHeader('Cache-Control', 'no-store');
  await renderPage(
    req,
    res,
    'comment-preview',
    {
      article: view,
      commentForm: presentCommentForm(
        view.url,
        { ...state, errors: errors ?? {} },
        {
          closedReason: null,
          token: state.token,
          preview: showPreview ? presentCommentPreview(values) : null,
          offerReplies,
        },
      ),
    },
    { status, title: `Your comment on “${article.title}”` },
  );
}
