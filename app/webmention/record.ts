/**
 * A checked webmention's comment: created (held for moderation, as a
 * reader's comment can be), refreshed when its source is sent again, or
 * removed when the source no longer links here or is gone. Every write goes
 * through the comment model's counter and announcement, so the article's
 * count and the page cache follow.
 */
import { db, type Comment } from '#app/models/db.ts';
import { deleteComment, refreshCommentsCount } from '#app/models/comment.ts';
import { noticesOfNewComment, type MailSite } from '#app/models/comment/notices.ts';
import { currentSettings } from '#app/models/settings.ts';
import { announce } from '#app/models/changes.ts';
import { plainText } from '#app/text-filters/index.ts';
import { sanitizeCommentHtml } from '#app/text-filters/sanitize.ts';
import type { ParsedMention } from '#app/webmention/parse.ts';

/** How much of a reply's text is shown: a long post quoted in full would drown the article's comments. */
export const maxMentionText = 2000;

export type WebmentionStatus = 'queued' | 'verified' | 'invalid' | 'gone';

/** The mention as its comment; a new one is held for moderation and its author mailed as for a comment. */
export async function recordMention(
  mention: { id: number; articleId: number; source: string; commentId: number | null },
  parsed: ParsedMention,
  site: MailSite,
  now: Date,
): Promise<Comment> {
  const fields = commentFields(mention.source, parsed);
  const settings = await currentSettings();
  const comment = await db.$transaction(async (tx) => {
    const existing = mention.commentId
      ? await tx.comment.findUnique({ where: { id: mention.commentId }, select: { id: true } })
      : null;
    // An update keeps its status: an approved mention whose source was edited stays approved.
    const saved = existing
      ? await tx.comment.update({ where: { id: existing.id }, data: fields })
      : await tx.comment.create({ data: { ...fields, articleId: mention.articleId, status: 'pending' } });
    await tx.webmention.update({
      where: { id: mention.id },
      data: { status: 'verified', commentId: saved.id, verifiedAt: now, lastError: '' },
    });
    await refreshCommentsCount(tx, mention.articleId);
    if (!existing) await noticesOfNewComment(tx, saved, settings, site);
    return saved;
  });
  await announce({ type: 'comment', id: comment.id, articleId: comment.articleId });
  return comment;
}

/** The source is gone or no longer links here: its comment goes, the row says why. */
export async function dropMention(
  mention: { id: number; commentId: number | null },
  status: Exclude<WebmentionStatus, 'queued' | 'verified'>,
  reason: string,
): Promise<void> {
  if (mention.commentId) await deleteComment(mention.commentId).catch(ignoreMissing);
  await db.webmention.updateMany({
    where: { id: mention.id },
    data: { status, commentId: null, lastError: reason.slice(0, 300) },
  });
}

function commentFields(source: string, parsed: ParsedMention) {
  const { type, author } = parsed;
  const showsText = type === 'reply' || type === 'mention';
  const bodyHtml = showsText ? shortHtml(parsed.contentHtml) : '';
  return {
    kind: 'webmention',
    mentionType: type,
    // The page that was fetched and checked, not the URL it claims for itself (a page may claim anyone's).
    sourceUrl: source,
    authorName: author.name.slice(0, 100),
    url: author.url.slice(0, 300),
    authorPhoto: author.photo.slice(0, 500),
    email: '',
    // The text as moderators and mail read it; the page shows bodyHtml.
    bodySource: plainText(bodyHtml) || `${type} from ${source}`,
    bodyHtml,
  };
}

/** The comment sanitiser's HTML, or, past maxMentionText characters of text, the text cut short in a paragraph. */
function shortHtml(html: string): string {
  const safe = sanitizeCommentHtml(html).trim();
  if (plainText(safe).length <= maxMentionText) return safe;
  return `<p>${escapeHtml(plainText(safe, maxMentionText))}</p>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// A moderator may have deleted the comment already.
function ignoreMissing(error: unknown): void {
  if ((error as { code?: string }).code !== 'P2025') throw error;
}
