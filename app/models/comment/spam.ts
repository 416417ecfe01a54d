/**
 * Spam defence that needs no JavaScript: a honeypot field, a cap on links,
 * a preview step whose single-use token must be at least a few seconds old
 * when "Post comment" is pressed (the article page is cached, so its own
 * form can prove nothing about time), and a per-address rate limit counted
 * from stored comments (so it holds across worker processes).
 */
import { recentCommentsFrom } from '#app/models/comment.ts';
import { commentTokenMaxAgeMs, readCommentToken, type CommentToken } from '#app/models/comment/form-token.ts';

export const honeypotField = 'homepage';
export const maxLinks = 3;
export const rateLimit = { comments: 5, windowMs: 10 * 60_000 } as const;

/**
 * Why a submission is refused, written for a human who tripped a check by
 * accident. `token` says what the re-rendered preview carries: the reader's
 * own token, still unused ("keep"), or a fresh one ("renew").
 */
export interface Refusal {
  status: 422 | 429;
  message: string;
  token: 'keep' | 'renew';
  /** With a 429: when to try again (every 429 says so). */
  retryAfterSeconds?: number;
}

/** The checks on what was typed, run by the preview and again by the post. */
export function contentRefusal(fields: { honeypot: string | undefined; body: string }): Refusal | null {
  if (fields.honeypot)
    return { status: 422, message: 'Please leave the "Leave this empty" field empty.', token: 'keep' };
  if (countLinks(fields.body) > maxLinks)
    return { status: 422, message: `A comment may contain at most ${maxLinks} links.`, token: 'keep' };
  return null;
}

export interface PostCheck {
  articleId: number;
  token: string | undefined;
  ip: string;
  now: Date;
  secret: string;
  minSeconds: number;
}

/**
 * The checks on "Post comment" before anything is stored: a genuine token
 * for this article, neither expired nor younger than minSeconds, and the
 * address under its rate limit. (That the token is unused is checked as the
 * comment is stored, in the same transaction: see createComment.)
 */
export async function judgePost(check: PostCheck): Promise<{ accepted: CommentToken } | { refused: Refusal }> {
  const token = readCommentToken(check.token, check.articleId, check.secret);
  // No preview's token: the article page's form sent straight here (a bot, or a page from an older release).
  if (!token)
    return { refused: { status: 422, message: 'Please check your comment below, then post it.', token: 'renew' } };
  const age = check.now.getTime() - token.issuedAt;
  if (age > commentTokenMaxAgeMs)
    return {
      refused: {
        status: 422,
        message: 'This preview has expired. Your comment is kept below: please post it again.',
        token: 'renew',
      },
    };
  if (age < check.minSeconds * 1000) {
    return {
      refused: {
        status: 422,
        message: 'That was faster than anyone can read a preview. Please check your comment, then post it again.',
        token: 'keep',
      },
    };
  }
  if ((await recentCommentsFrom(check.ip, new Date(check.now.getTime() - rateLimit.windowMs))) >= rateLimit.comments) {
    // The window's length: by then the oldest comment counted has left it.
    const retryAfterSeconds = Math.ceil(rateLimit.windowMs / 1000);
    return {
      refused: {
        status: 429,
        message: `You have posted several comments in the last few minutes. Please wait ${retryAfterSeconds / 60} minutes before posting again.`,
        token: 'keep',
        retryAfterSeconds,
      },
    };
  }
  return { accepted: token };
}

export function countLinks(text: string): number {
  return (text.match(/https?:\/\/|www\.|<a\s/gi) ?? []).length;
}
