/** The comment form as a theme sees it (`commentForm`), on the article page and the preview page. */
import { honeypotField } from '#app/models/comment/spam.ts';
import type { CommentView } from '#app/presenters/comment.ts';

/** What the reader typed, and what was wrong with it, when the form is shown again. */
export interface CommentFormState {
  values?: CommentFormValues;
  errors?: Record<string, string>;
  message?: string;
}

export interface CommentFormValues {
  authorName?: string;
  email?: string;
  url?: string;
  body?: string;
  /** The "mail me about later comments" box was ticked. */
  subscribe?: boolean;
}

/**
 * The form's fields. Without a token it asks for a preview (the article page,
 * the same for everyone, so it can be cached); the preview page's copy carries
 * the single-use token that posts the comment.
 */
export interface CommentFormView {
  /** Where the form posts: the preview step, or with a token the comment itself. Both land on #comment-form. */
  action: string;
  /** Where "Preview changes" posts from the preview page. */
  previewAction: string;
  /** Why no comment can be added (closed, or a preview of an unsaved article); show it instead of the form. */
  closedReason: string | null;
  token: string | null;
  /** A field people leave empty and robots fill in: render it hidden, with this name. */
  honeypotField: string;
  /** What the reader typed, to fill the fields again. */
  values: CommentFormValues;
  /** Per field (authorName, email, url, body): what is wrong with it. */
  errors: Record<string, string>;
  /** Why the comment was not taken, shown above the fields. */
  message: string | null;
  /** The comment as it will look, on the preview page when its fields are acceptable. */
  preview: CommentView | null;
  /** Offer the box (a checkbox named `subscribe`, value "on") that asks to be mailed about later comments. */
  offerReplies: boolean;
}

export function presentCommentForm(
  articleUrl: string,
  state: CommentFormState,
  options: {
    closedReason: string | null;
    token?: string | null;
    preview?: CommentView | null;
    offerReplies?: boolean;
  },
): CommentFormView {
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
    offerReplies: options.offerReplies ?? false,
  };
}
