/**
 * Comment moderation: the queue by status, and bulk actions. A moderator is
 * an admin (every comment) or an author (comments on their own articles).
 * Every change goes through setCommentStatus/deleteComment, which keep the
 * article's approved-comment count and announce the change.
 */
import { db, type Prisma, type User } from '#app/models/db.ts';
import { commentStatuses, deleteComment, setCommentStatus, type CommentStatus } from '#app/models/comment.ts';
import type { MailSite } from '#app/models/comment/notices.ts';

export const commentsPerQueuePage = 25;
export const moderationActions = ['approve', 'spam', 'delete'] as const;
export type ModerationAction = (typeof moderationActions)[number];

type Moderator = Pick<User, 'id' | 'role'>;

export function isCommentStatus(value: unknown): value is CommentStatus {
  return (commentStatuses as readonly unknown[]).includes(value);
}

/** The comments a moderator may see and change. */
export function moderatedWhere(moderator: Moderator): Prisma.CommentWhereInput {
  return moderator.role === 'admin' ? {} : { article: { authorId: moderator.id } };
}

/** One page of the queue for a status, newest first, with the count of each status. */
export async function moderationQueue(moderator: Moderator, status: CommentStatus, page: number) {
  const where = { AND: [moderatedWhere(moderator), { status }] };
  const [comments, grouped] = await Promise.all([
    db.comment.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * commentsPerQueuePage,
      take: commentsPerQueuePage,
      include: { article: { select: { id: true, title: true, slug: true, state: true, publishedOn: true } } },
    }),
    db.comment.groupBy({ by: ['status'], where: moderatedWhere(moderator), _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(
    commentStatuses.map((s) => [s, grouped.find((g) => g.status === s)?._count._all ?? 0]),
  ) as Record<CommentStatus, number>;
  return { comments, counts, total: counts[status], page, perPage: commentsPerQueuePage };
}

/**
 * Applies one action to the listed comments and returns how many changed.
 * Ids the moderator may not touch (another author's comments, or comments
 * gone since the page was shown) are skipped, exactly like unknown ones.
 * With `mail`, approved comments are mailed to the article's subscribers.
 */
export async function moderateComments(
  moderator: Moderator,
  ids: readonly number[],
  action: ModerationAction,
  mail?: MailSite,
): Promise<number> {
  if (!ids.length) return 0;
  const targets = await db.comment.findMany({
    where: { AND: [moderatedWhere(moderator), { id: { in: [...ids] } }] },
    select: { id: true, status: true },
  });
  let changed = 0;
  for (const comment of targets) {
    if (action === 'delete') await deleteComment(comment.id);
    else if (comment.status !== statusFor[action]) await setCommentStatus(comment.id, statusFor[action], mail);
    else continue;
    changed++;
  }
  return changed;
}

/** One comment the moderator may see, with its article; null when there is none (or not theirs). */
export function moderatedComment(moderator: Moderator, id: number) {
  return db.comment.findFirst({
    where: { AND: [moderatedWhere(moderator), { id }] },
    include: { article: { select: { id: true, title: true, slug: true, state: true, publishedOn: true } } },
  });
}

/** How many spam comments the moderator would delete with deleteAllSpam. */
export function countSpam(moderator: Moderator): Promise<number> {
  return db.comment.count({ where: { AND: [moderatedWhere(moderator), { status: 'spam' }] } });
}

/** Deletes every spam comment the moderator may see; returns how many. */
export async function deleteAllSpam(moderator: Moderator): Promise<number> {
  const spam = await db.comment.findMany({
    where: { AND: [moderatedWhere(moderator), { status: 'spam' }] },
    select: { id: true },
  });
  return moderateComments(
    moderator,
    spam.map((c) => c.id),
    'delete',
  );
}

const statusFor: Record<Exclude<ModerationAction, 'delete'>, CommentStatus> = { approve: 'approved', spam: 'spam' };
