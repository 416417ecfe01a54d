/**
 * Spam defence that needs no JavaScript: a honeypot field, a signed form
 * token proving the form was fetched at least a few seconds ago, a cap on
 * links, and a per-address rate limit counted from stored comments (so it
 * holds across worker processes).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { recentCommentsFrom } from '#app/models/comment.ts';

export const honeypotField = 'homepage';
export const maxLinks = 3;
export const rateLimit = { comments: 5, windowMs: 10 * 60_000 } as const;
/** How long a served comment form stays valid (cached pages are rebuilt well within it). */
export const formTokenMaxAgeMs = 24 * 3_600_000;

export interface SpamCheck {
  articleId: number;
  honeypot: string | undefined;
  formToken: string | undefined;
  body: string;
  ip: string;
  now: Date;
  secret: string;
  minSeconds: number;
}

/** A token binding the form to its article and the time it was served. */
export function issueFormToken(articleId: number, secret: string, now = new Date()): string {
  const issued = now.getTime().toString(36);
  return `${issued}.${sign(articleId, issued, secret)}`;
}

/**
 * The reason to refuse this submission, with the HTTP status to use, or null.
 * The messages are written for a human who tripped a check by accident.
 */
export async function spamRefusal(check: SpamCheck): Promise<{ status: 422 | 429; message: string } | null> {
  if (check.honeypot) return { status: 422, message: 'Please leave the "Leave this empty" field empty.' };
  const issuedAt = verifyFormToken(check.formToken, check.articleId, check.secret);
  if (issuedAt === null || check.now.getTime() - issuedAt > formTokenMaxAgeMs) {
    return { status: 422, message: 'This form has expired. Your comment is kept below: please submit it again.' };
  }
  if (check.now.getTime() - issuedAt < check.minSeconds * 1000) {
    return { status: 422, message: 'That was faster than anyone can type. Please take a moment, then submit again.' };
  }
  if (countLinks(check.body) > maxLinks) return { status: 422, message: `A comment may contain at most ${maxLinks} links.` };
  if ((await recentCommentsFrom(check.ip, new Date(check.now.getTime() - rateLimit.windowMs))) >= rateLimit.comments) {
    return { status: 429, message: 'You have posted several comments in the last few minutes. Please wait a little before posting again.' };
  }
  return null;
}

export function countLinks(text: string): number {
  return (text.match(/https?:\/\/|www\.|<a\s/gi) ?? []).length;
}

function verifyFormToken(token: string | undefined, articleId: number, secret: string): number | null {
  const [issued, signature] = (token ?? '').split('.');
  if (!issued || !signature) return null;
  const expected = Buffer.from(sign(articleId, issued, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const time = parseInt(issued, 36);
  return Number.isFinite(time) ? time : null;
}

function sign(articleId: number, issued: string, secret: string): string {
  return createHmac('sha256', secret).update(`comment-form:${articleId}:${issued}`).digest('base64url');
}
