/**
 * Reply subscriptions: a commenter asks to be mailed when someone else
 * comments on the article. Double opt-in: the request only sends a mail
 * whose link confirms it. Nothing a request answers tells whether an
 * address was subscribed already, and confirmation mails to one address are
 * bounded per day, whichever articles they are for. Ending a subscription
 * keeps the row unconfirmed for a while (its daily count still holds), then
 * it is pruned with the other unconfirmed ones.
 */
import { db, type Prisma } from '#app/models/db.ts';
import { enqueueEmail } from '#app/notifications/enqueue.ts';
import type { MailedArticle, MailSite } from '#app/models/comment/notices.ts';
import { confirmationMail } from '#app/models/reply-subscription/mails.ts';
import {
  isSubscriptionToken,
  subscriptionIdIn,
  type SubscriptionPurpose,
} from '#app/models/reply-subscription/tokens.ts';

/** Confirmation mails one address gets in a day, over all articles. */
export const maxConfirmationsPerDay = 3;
const dayMs = 86_400_000;
/** Unconfirmed (or ended) subscriptions are kept this long after their last request, then pruned. */
export const unconfirmedKeptMs = 7 * dayMs;

/**
 * Asks for a subscription of `email` to the article's new comments, in the
 * transaction of the comment that asked: a new or unconfirmed one gets a
 * confirmation mail (within the daily bound); a confirmed one gets nothing.
 * It returns nothing, so callers cannot tell which happened.
 */
export async function requestReplySubscription(
  tx: Prisma.TransactionClient,
  article: MailedArticle,
  email: string,
  site: MailSite,
  now = new Date(),
): Promise<void> {
  const address = email.trim().toLowerCase();
  if (!address) return;
  await tx.replySubscription.deleteMany({
    where: { confirmedAt: null, requestedAt: { lt: new Date(now.getTime() - unconfirmedKeptMs) } },
  });
  // An upsert, not find-then-create: a unique violation would abort a PostgreSQL transaction.
  const subscription = await tx.replySubscription.upsert({
    where: { articleId_email: { articleId: article.id, email: address } },
    create: { articleId: article.id, email: address, requests: 0, requestedAt: now },
    update: {},
  });
  if (subscription.confirmedAt) return;
  const dayAgo = new Date(now.getTime() - dayMs);
  const sentToday = await tx.replySubscription.aggregate({
    where: { email: address, requestedAt: { gte: dayAgo } },
    _sum: { requests: true },
  });
  if ((sentToday._sum.requests ?? 0) >= maxConfirmationsPerDay) return;
  const requests = subscription.requestedAt >= dayAgo ? subscription.requests + 1 : 1;
  await tx.replySubscription.update({ where: { id: subscription.id }, data: { requests, requestedAt: now } });
  await enqueueEmail(confirmationMail(subscription, article, site), 'subscription', tx);
}

/** The subscription a link names, with its article, if the token is genuine for `purpose`; else null. */
export async function subscriptionByToken(token: string, purpose: SubscriptionPurpose, secret: string) {
  const id = subscriptionIdIn(token);
  if (id === null) return null;
  const subscription = await db.replySubscription.findUnique({
    where: { id },
    include: { article: { select: { title: true, slug: true, publishedOn: true } } },
  });
  return subscription && isSubscriptionToken(token, subscription, purpose, secret) ? subscription : null;
}

/** Confirms it (again is harmless): from now on it is mailed about new comments. */
export async function confirmReplySubscription(id: number, now = new Date()): Promise<void> {
  await db.replySubscription.updateMany({ where: { id, confirmedAt: null }, data: { confirmedAt: now } });
}

/** Ends it: no more mail. Ending it twice is harmless. */
export async function endReplySubscription(id: number): Promise<void> {
  await db.replySubscription.updateMany({ where: { id }, data: { confirmedAt: null } });
}
