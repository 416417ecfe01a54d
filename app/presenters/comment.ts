/** What a theme may see of a comment: never the email, IP or user agent. */
import type { ReadableComment } from '#app/models/article/reading.ts';
import { renderCommentHtml } from '#app/text-filters/index.ts';

/** A comment as templates and partials see it (`comment`, `commentForm.preview`). */
export interface CommentView {
  id: number;
  /** The element id to give it, for links to the comment: `comment-<id>`. */
  anchor: string;
  authorName: string;
  /** The website the commenter gave; link it with rel="nofollow ugc". */
  authorUrl: string | null;
  bodyHtml: string;
  createdAt: Date;
}

export function presentComment(comment: ReadableComment): CommentView {
  return {
    id: comment.id,
    anchor: `comment-${comment.id}`,
    authorName: comment.authorName,
    authorUrl: comment.url || null,
    bodyHtml: comment.bodyHtml,
    createdAt: comment.createdAt,
  };
}

/** A comment not yet stored, as the preview shows it (rendered by the same filters as a stored one). */
export function presentCommentPreview(
  values: { authorName?: string; url?: string; body?: string },
  now = new Date(),
): CommentView {
  return {
    id: 0,
    anchor: 'comment-preview',
    authorName: values.authorName?.trim() ?? '',
    authorUrl: values.url?.trim() || null,
    bodyHtml: renderCommentHtml(values.body?.trim() ?? ''),
    createdAt: now,
  };
}
