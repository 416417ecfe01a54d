/**
 * The token that lets a previewed comment be posted. The article page is
 * cached and identical for every reader, so it carries no token; the preview
 * step (never cached) issues one per reader: signed, bound to the article and
 * to the time of the preview, with a random nonce so that it posts one
 * comment only (see spendToken in comment.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a preview may wait before its "Post comment" is refused as expired. */
export const commentTokenMaxAgeMs = 6 * 3_600_000;

export interface CommentToken {
  issuedAt: number;
  nonce: string;
}

export function issueCommentToken(articleId: number, secret: string, now = new Date()): string {
  const issued = now.getTime().toString(36);
  const nonce = randomBytes(16).toString('base64url');
  return `${issued}.${nonce}.${sign(articleId, issued, nonce, secret)}`;
}

/** The token's issue time and nonce if it is genuine and for this article, else null. Age is the caller's rule. */
export function readCommentToken(token: string | undefined, articleId: number, secret: string): CommentToken | null {
  const [issued, nonce, signature, extra] = (token ?? '').split('.');
  if (!issued || !nonce || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(articleId, issued, nonce, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const issuedAt = parseInt(issued, 36);
  return Number.isFinite(issuedAt) ? { issuedAt, nonce } : null;
}

function sign(articleId: number, issued: string, nonce: string, secret: string): string {
  return createHmac('sha256', secret).update(`comment-post:${articleId}:${issued}:${nonce}`).digest('base64url');
}
