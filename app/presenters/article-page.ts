/**
 * The article template's data, built here alone: for the article page, the same page showing a refused comment
 * again, and the admin's preview of an unsaved article.
 */
import type { ArticleLink, ReadableArticle, ReadableComment } from '#app/models/article/reading.ts';
import { presentArticle, presentLink } from '#app/presenters/article.ts';
import { isReaction, presentComment, presentReactions } from '#app/presenters/comment.ts';
import { presentCommentForm, type CommentFormState } from '#app/presenters/comment-form.ts';
import type { ArticlePageData } from '#app/presenters/template-data.ts';

export interface ArticlePageOptions {
  /** Why no comment can be added now, or null when the form shows. */
  closedReason: string | null;
  /** The previous and next visible articles; none in a preview. */
  neighbours?: { previous: ArticleLink | null; next: ArticleLink | null } | null;
  notice?: string | null;
  /** The reader's refused comment, shown again in the form. */
  form?: CommentFormState;
  /** Offer to mail the commenter about later comments (the blog's replySubscriptions). */
  offerReplies?: boolean;
}

export function presentArticlePage(
  article: ReadableArticle,
  comments: readonly ReadableComment[],
  options: ArticlePageOptions,
): ArticlePageData {
  const view = presentArticle(article);
  const { neighbours } = options;
  return {
    article: view,
    comments: comments.filter((comment) => !isReaction(comment)).map(presentComment),
    reactions: presentReactions(comments),
    neighbours: { previous: presentLink(neighbours?.previous ?? null), next: presentLink(neighbours?.next ?? null) },
    notice: options.notice ?? null,
    commentForm: presentCommentForm(view.url, options.form ?? {}, {
      closedReason: options.closedReason,
      offerReplies: options.offerReplies,
    }),
  };
}
