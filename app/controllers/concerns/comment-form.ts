/**
 * The comment form as a theme sees it (`commentForm`), and the preview page:
 * the second step of commenting, which renders the comment as it will look
 * and carries the single-use token that posts it (never cached).
 */
import type { Request, Response } from 'express';
import type { ReadableArticle } from '#app/models/article/reading.ts';
import { honeypotField } from '#app/models/comment/spam.ts';
import { commentInputErrors } from '#app/models/comment.ts';
import { presentArticle } from '#app/presenters/article.ts';
import { presentCommentPreview } from '#app/presenters/comment.ts';
import { renderPage } from '#app/themes/page.ts';

export interface CommentFormState {
  values?: { authorName?: string; email?: string; url?: string; body?: string };
  errors?: Record<string, string>;
  message?: string;
}

/**
 * The form's fields, for a page showing the article at `articleUrl`. Without
 * a token it previews (the article page, the same for everyone); with one it
 * posts, or previews again (the preview page). Both actions land the reader
 * back on the form (#comment-form), where any message is shown.
 */
export function commentFormView(
  articleUrl: string,
  state: CommentFormState,
  options: {
    closedReason: string | null;
    token?: string | null;
    preview?: ReturnType<typeof presentCommentPreview> | null;
  },
) {
  const previewAction = `${articleUrl}/comments/preview#comment-form`;
  return {
    action: options.token ? `${articleUrl}/comments#comment-form` : previewAction,
    previewAction,
    closedReason: options.closedReason,
    token: options.token ?? null,
    honeypotField,
    values: state.values ?? {},
    errors: state.errors ?? {},
    message: state.message ?? null,
    preview: options.preview ?? null,
  };
}

/**
 * The preview page. `token` is null when there is nothing to post (it was
 * spent): the form then offers only another preview. The rendered comment
 * shows only for fields that would be accepted; otherwise their errors do.
 */
export async function renderCommentPreview(
  req: Request,
  res: Response,
  article: ReadableArticle,
  state: CommentFormState & { token: string | null },
  status = 200,
): Promise<void> {
  const view = presentArticle(article);
  const values = state.values ?? {};
  const errors = state.errors ?? commentInputErrors(values);
  const showPreview = state.token !== null && !errors;
  // It holds the reader's email and a token for them alone: no cache may keep it.
  res.setHeader('Cache-Control', 'no-store');
  await renderPage(
    req,
    res,
    'comment-preview',
    {
      article: view,
      commentForm: commentFormView(
        view.url,
        { ...state, errors: errors ?? {} },
        { closedReason: null, token: state.token, preview: showPreview ? presentCommentPreview(values) : null },
      ),
    },
    { status, title: `Your comment on “${article.title}”` },
  );
}
