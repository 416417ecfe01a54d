/**
 * The author's mail about a new comment on their article. Two switches: the
 * blog's (Settings) and the author's own (off, only comments held for
 * moderation, or all). It names the commenter and quotes the comment, never
 * the commenter's address or IP, and links to the comment's page in the
 * admin, where it is approved, marked as spam or deleted after sign-in.
 */
import type { Comment, Prisma } from '#app/models/db.ts';
import type { BlogSettings } from '#app/models/settings.ts';
import { enqueueEmail } from '#app/notifications/enqueue.ts';
import { absoluteUrl } from '#app/helpers/permalinks.ts';
import type { MailedArticle, MailSite } from '#app/models/comment/notices.ts';
import { wantsCommentMail } from '#app/models/user/notifications.ts';

export async function mailAuthor(
  tx: Prisma.TransactionClient,
  comment: Comment,
  article: MailedArticle,
  settings: Pick<BlogSettings, 'commentNotifications'>,
  site: MailSite,
): Promise<void> {
  const { email, notifyComments } = article.author;
  if (!settings.commentNotifications || !email || !wantsCommentMail(notifyComments, comment.status)) return;
  // Authors answering on their own article's page know already.
  if (comment.email && comment.email.toLowerCase() === email.toLowerCase()) return;
  const held = comment.status === 'pending';
  const title = oneLine(article.title);
  const page = absoluteUrl(site.baseUrl, `/admin/comments/${comment.id}`);
  const text = [
    held
      ? `${comment.authorName} commented on “${title}”. The comment is held for moderation:`
      : `${comment.authorName} commented on “${title}”:`,
    '',
    quote(comment.bodySource),
    '',
    held ? `Approve it, mark it as spam or delete it: ${page}` : `Mark it as spam or delete it: ${page}`,
    '',
    '--',
    `You get this mail because you chose to on ${absoluteUrl(site.baseUrl, '/admin/profile')}.`,
  ].join('\n');
  await enqueueEmail(
    {
      to: email,
      subject: held ? `Comment to moderate on “${title}”` : `New comment on “${title}”`,
      text,
    },
    'comment',
    tx,
  );
}

/** Each line of the comment set off as a quotation. */
export function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

/** A subject never spans lines, whatever a title holds. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
