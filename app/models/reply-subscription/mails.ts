/**
 * The two mails of a reply subscription: the one that asks to confirm it,
 * and the one about each new visible comment. Every one carries the link
 * that ends the subscription, in the text and as List-Unsubscribe with
 * RFC 8058's one-click POST, so a mail client can offer the button too.
 */
import type { Comment, Prisma } from '#app/models/db.ts';
import { enqueueEmail, type EmailMessage } from '#app/notifications/enqueue.ts';
import { absoluteUrl, articlePath } from '#app/helpers/permalinks.ts';
import { oneLine, quote } from '#app/models/comment/author-mail.ts';
import type { MailedArticle, MailSite } from '#app/models/comment/notices.ts';
import { subscriptionToken, type TokenSubject } from '#app/models/reply-subscription/tokens.ts';

/** At most this many subscribers hear of one comment: a mail storm has a ceiling, whoever subscribed. */
export const maxReplyMailsPerComment = 200;

/** Mails each confirmed subscriber of the article but the comment's own author, in the comment's transaction. */
export async function mailSubscribers(
  tx: Prisma.TransactionClient,
  comment: Comment,
  article: MailedArticle,
  site: MailSite,
): Promise<number> {
  const subscribers = await tx.replySubscription.findMany({
    where: { articleId: article.id, confirmedAt: { not: null } },
    select: { id: true, email: true },
    orderBy: { confirmedAt: 'asc' },
    // One more than the cap, as the commenter's own may be among them.
    take: maxReplyMailsPerComment + 1,
  });
  const own = comment.email.toLowerCase();
  const recipients = subscribers.filter((s) => s.email.toLowerCase() !== own).slice(0, maxReplyMailsPerComment);
  for (const subscriber of recipients) await enqueueEmail(replyMail(subscriber, comment, article, site), 'reply', tx);
  return recipients.length;
}

/** The mail that asks to confirm: the subscription mails nobody until its link is followed. */
export function confirmationMail(subscription: TokenSubject, article: MailedArticle, site: MailSite): EmailMessage {
  const title = oneLine(article.title);
  return withUnsubscribe(subscription, site, {
    to: subscription.email,
    subject: `Confirm: mail about new comments on “${title}”`,
    text: [
      `Someone, probably you, asked to be mailed when someone comments on “${title}” (${articleUrl(site, article)}).`,
      '',
      `To confirm, open this link and press “Confirm”: ${linkTo(site, subscription, 'confirm')}`,
      '',
      'If it was not you, ignore this mail: without the confirmation you will get no other.',
    ].join('\n'),
  });
}

function replyMail(subscriber: TokenSubject, comment: Comment, article: MailedArticle, site: MailSite): EmailMessage {
  const title = oneLine(article.title);
  return withUnsubscribe(subscriber, site, {
    to: subscriber.email,
    subject: `New comment on “${title}”`,
    text: [
      `${comment.authorName} commented on “${title}”:`,
      '',
      quote(comment.bodySource),
      '',
      `Read it on the blog: ${articleUrl(site, article)}#comment-${comment.id}`,
    ].join('\n'),
  });
}

/** The address of a subscription's page for `purpose`. */
export function linkTo(site: MailSite, subject: TokenSubject, purpose: 'confirm' | 'unsubscribe'): string {
  const token = subscriptionToken(subject, purpose, site.sessionSecret);
  return absoluteUrl(site.baseUrl, `/subscriptions/${token}/${purpose === 'confirm' ? 'confirmation' : 'deletion'}`);
}

function withUnsubscribe(subject: TokenSubject, site: MailSite, message: EmailMessage): EmailMessage {
  const unsubscribe = linkTo(site, subject, 'unsubscribe');
  return {
    ...message,
    text: `${message.text}\n\n--\nTo get no more mail about this article: ${unsubscribe}\n`,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

function articleUrl(site: MailSite, article: MailedArticle): string {
  return absoluteUrl(site.baseUrl, articlePath(article));
}
