/**
 * Reader comments. A comment arrives pending or approved according to the
 * blog's policy; only approved ones are shown and counted (the article's
 * commentsCount is a counter cache, refreshed in the same transaction).
 */
import { z } from 'zod';
import { db, type Article, type Comment, type Prisma } from '#app/models/db.ts';
import { ValidationError, fieldErrors, isUniqueViolation } from '#app/models/validation.ts';
import { renderCommentHtml } from '#app/text-filters/index.ts';
import { currentSettings, type BlogSettings } from '#app/models/settings.ts';
import { noticesOfApproval, noticesOfNewComment, type MailSite } from '#app/models/comment/notices.ts';
import { announce } from '#app/models/changes.ts';
import { commentTokenMaxAgeMs } from '#app/models/comment/form-token.ts';

export const commentStatuses = ['pending', 'approved', 'spam'] as const;
export type CommentStatus = (typeof commentStatuses)[number];
export const maxCommentLength = 10_000;

const commentInput = z.object({
  authorName: z.string().trim().min(1, 'Please give your name.').max(100, 'Keep your name under 100 characters.'),
  email: z
    .union([z.literal(''), z.string().trim().max(200).pipe(z.email('That email address does not look right.'))])
    .default(''),
  url: z
    .union([
      z.literal(''),
      z.string().trim().max(300).refine(isHttpUrl, 'The website must be an http:// or https:// address.'),
    ])
    .default(''),
  body: z
    .string()
    .trim()
    .min(1, 'The comment is empty.')
    .max(maxCommentLength, `Keep the comment under ${maxCommentLength.toLocaleString('en')} characters.`),
});
export type CommentInput = z.input<typeof commentInput>;

/** The comment token was already used to post a comment (a replay, or a second click). */
export class CommentTokenSpent extends Error {}

/** The field errors this input would be refused with, or null: the preview's check, which stores nothing. */
export function commentInputErrors(input: Partial<CommentInput>): Record<string, string> | null {
  const parsed = commentInput.safeParse(input);
  return parsed.success ? null : fieldErrors(parsed.error);
}

/** Why this article takes no comments now, or null if it does. */
export function commentsClosedReason(
  article: Pick<Article, 'allowComments' | 'publishedAt'>,
  settings: BlogSettings,
  now = new Date(),
): string | null {
  if (settings.commentPolicy === 'closed') return 'Comments are closed on this blog.';
  if (!article.allowComments) return 'Comments are closed for this article.';
  const days = settings.commentsCloseAfterDays;
  if (days > 0 && article.publishedAt && now.getTime() - article.publishedAt.getTime() > days * 86_400_000) {
    return `Comments close ${days} days after an article is published.`;
  }
  return null;
}

/** How a reader's comment arrives: the form's token, and what it mails (comment/notices.ts). */
export interface CommentArrival {
  /** The preview's token: spent in the comment's transaction. */
  token?: { nonce: string };
  /** Where the mail's links point; without it (imports, fixtures) nothing is mailed. */
  mail?: MailSite;
  /** The commenter asked to be mailed about later comments here. */
  subscribe?: boolean;
}

/**
 * Validates and stores a comment; its status follows the policy. With a
 * token nonce, the token is spent in the same transaction, so it posts one
 * comment at most (CommentTokenSpent otherwise) and stays usable if storing
 * fails. The mail it causes is queued in that transaction too.
 */
export async function createComment(
  article: Pick<Article, 'id'>,
  input: CommentInput,
  origin: { ip: string; userAgent: string },
  settings: BlogSettings,
  { token, mail, subscribe = false }: CommentArrival = {},
): Promise<Comment> {
  const parsed = commentInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  const { authorName, email, url, body } = parsed.data;
  const status = await initialStatus(settings, authorName, email);
  const created = await db.$transaction(async (tx) => {
    if (token) await spendToken(tx, token.nonce);
    const comment = await tx.comment.create({
      data: {
        articleId: article.id,
        authorName,
        email,
        url,
        bodySource: body,
        bodyHtml: renderCommentHtml(body),
        status,
        ip: origin.ip.slice(0, 64),
        userAgent: origin.userAgent.slice(0, 300),
      },
    });
    if (status === 'approved') await refreshCommentsCount(tx, article.id);
    if (mail) await noticesOfNewComment(tx, comment, settings, mail, subscribe);
    return comment;
  });
  await announce({ type: 'comment', id: created.id, articleId: article.id });
  return created;
}

/**
 * Moves a comment to another status (moderation), keeping the count right.
 * With `mail`, approving a held comment mails the article's subscribers.
 */
export async function setCommentStatus(id: number, status: CommentStatus, mail?: MailSite): Promise<Comment> {
  const settings = mail && status === 'approved' ? await currentSettings() : null;
  const comment = await db.$transaction(async (tx) => {
    const before = await tx.comment.findUniqueOrThrow({ where: { id }, select: { status: true } });
    const updated = await tx.comment.update({ where: { id }, data: { status } });
    await refreshCommentsCount(tx, updated.articleId);
    if (settings && mail && before.status !== 'approved') await noticesOfApproval(tx, updated, settings, mail);
    return updated;
  });
  await announce({ type: 'comment', id, articleId: comment.articleId });
  return comment;
}

export async function deleteComment(id: number): Promise<void> {
  const articleId = await db.$transaction(async (tx) => {
    const comment = await tx.comment.delete({ where: { id } });
    await refreshCommentsCount(tx, comment.articleId);
    return comment.articleId;
  });
  await announce({ type: 'comment', id, articleId });
}

/** Comments stored from this address recently, for the per-IP rate limit. */
export function recentCommentsFrom(ip: string, since: Date): Promise<number> {
  return db.comment.count({ where: { ip, createdAt: { gte: since } } });
}

async function initialStatus(settings: BlogSettings, authorName: string, email: string): Promise<CommentStatus> {
  switch (settings.commentPolicy) {
    case 'open':
      return 'approved';
    case 'moderate-all':
    case 'closed':
      return 'pending';
    case 'moderate-first': {
      // "Trust returning commenters": the same name and email as an approved comment. Both are
      // needed (the name is public, the email is never shown), yet anyone who knows both passes.
      if (!email) return 'pending';
      const known = await db.comment.findFirst({
        where: { email, authorName, status: 'approved' },
        select: { id: true },
      });
      return known ? 'approved' : 'pending';
    }
  }
}

/** Records the nonce as used (a unique key), pruning nonces whose tokens have expired anyway. */
async function spendToken(tx: Prisma.TransactionClient, nonce: string): Promise<void> {
  await tx.spentCommentToken.deleteMany({ where: { spentAt: { lt: new Date(Date.now() - commentTokenMaxAgeMs) } } });
  try {
    await tx.spentCommentToken.create({ data: { nonce } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new CommentTokenSpent('comment token already used');
    throw error;
  }
}

/**
 * One statement, and raw: Prisma's update would stamp the article's
 * @updatedAt, and a comment is not an edit (feeds and the admin list date
 * articles by it). Plain SQL that SQLite and PostgreSQL read alike. Likes,
 * reposts and bookmarks from other sites (webmentions) are not counted:
 * pages show them as a line of names, not as comments.
 */
export async function refreshCommentsCount(tx: Prisma.TransactionClient, articleId: number): Promise<void> {
  await tx.$executeRaw`UPDATE "Article" SET "commentsCount" = (SELECT COUNT(*) FROM "Comment" WHERE "articleId" = ${articleId} AND "status" = 'approved' AND NOT ("kind" = 'webmention' AND "mentionType" IN ('like', 'repost', 'bookmark'))) WHERE "id" = ${articleId}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
