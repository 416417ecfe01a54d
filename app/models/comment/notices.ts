/**
 * The mail a comment causes, queued in the transaction that stores or
 * approves it (so a rolled-back comment mails nobody): its article's author
 * (per the blog's switch and the author's choice), and, once the comment is
 * visible, the article's confirmed reply subscribers. Spam mails nobody.
 */
import type { Config } from '#config/environment.ts';
import type { Comment, Prisma } from '#app/models/db.ts';
import type { BlogSettings } from '#app/models/settings.ts';
import { mailAuthor } from '#app/models/comment/author-mail.ts';
import { mailSubscribers } from '#app/models/reply-subscription/mails.ts';
import { requestReplySubscription } from '#app/models/reply-subscription.ts';
import { isReaction } from '#app/models/comment/mention-types.ts';

/** What a mail needs of the site: its address for links, and the secret its unsubscribe links are signed with. */
export type MailSite = Pick<Config, 'baseUrl' | 'sessionSecret'>;

/** The article as the mails name it, with its author's address and choice. */
export interface MailedArticle {
  id: number;
  title: string;
  slug: string;
  publishedOn: string | null;
  author: { email: string; notifyComments: string };
}

/**
 * A reader's new comment: the author's mail, the subscribers' when it is
 * published at once, and the confirmation mail when its commenter asked to
 * hear of replies (`subscribe`; it needs their address).
 */
export async function noticesOfNewComment(
  tx: Prisma.TransactionClient,
  comment: Comment,
  settings: BlogSettings,
  site: MailSite,
  subscribe = false,
): Promise<void> {
  if (comment.status === 'spam') return;
  const article = await mailedArticle(tx, comment.articleId);
  await mailAuthor(tx, comment, article, settings, site);
  if (!settings.replySubscriptions) return;
  if (comment.status === 'approved') await mailSubscribers(tx, comment, article, site);
  if (subscribe && comment.email) await requestReplySubscription(tx, article, comment.email, site);
}

/** A held comment approved in moderation: now readers can see it, so the subscribers hear of it. */
export async function noticesOfApproval(
  tx: Prisma.TransactionClient,
  comment: Comment,
  settings: BlogSettings,
  site: MailSite,
): Promise<void> {
  // A like or repost from another site is no reply the subscribers asked to hear of.
  if (comment.status !== 'approved' || !settings.replySubscriptions || isReaction(comment)) return;
  await mailSubscribers(tx, comment, await mailedArticle(tx, comment.articleId), site);
}

function mailedArticle(tx: Prisma.TransactionClient, id: number): Promise<MailedArticle> {
  return tx.article.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      title: true,
      slug: true,
      publishedOn: true,
      author: { select: { email: true, notifyComments: true } },
    },
  });
}
