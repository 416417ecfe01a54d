/** What a theme may see of a comment: never the email, IP or user agent. */
import type { ReadableComment } from '#app/models/article/reading.ts';

export interface CommentView {
  id: number;
  anchor: string;
  authorName: string;
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
