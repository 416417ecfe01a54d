/**
 * wp:comment → ImportedComment. WordPress's comment_approved is "1", "0",
 * "spam" or "trash" (and "post-trashed" when its post went to the trash);
 * comment_type is "" or "comment" for comments (WordPress 5.5 started
 * writing "comment"), "pingback", "trackback", or a plugin's own type.
 * Bodies are stored like posts, without paragraphs: wpautop them.
 */
import { autop } from '@wordpress/autop';
import type { ImportedComment } from '#app/importers/records.ts';
import type { SkippedItem } from '#app/importers/source.ts';
import { childRaw, childText, decodeEntities, type WxrElement } from '#app/importers/sources/wxr/element.ts';
import type { WxrSite } from '#app/importers/sources/wxr/site.ts';

export interface CommentedItem {
  key: string;
  title: string;
  /** Why its comments cannot be imported (a page, a skipped post), when they cannot. */
  cannotHold?: string;
}

export function commentRecord(element: WxrElement, item: CommentedItem, site: WxrSite): ImportedComment | SkippedItem {
  const id = childText(element, 'wp:comment_id');
  const key = `comment:${id}`;
  const authorName = decodeEntities(childText(element, 'wp:comment_author'));
  const type = childText(element, 'wp:comment_type') || 'comment';
  const approved = childText(element, 'wp:comment_approved');
  const skip = (reason: string): SkippedItem => ({
    kind: 'skipped',
    key,
    what: type,
    title: `${authorName || 'anonymous'} on "${item.title}"`,
    reason,
  });
  if (item.cannotHold) return skip(item.cannotHold);
  if (type !== 'comment' && type !== 'pingback' && type !== 'trackback') {
    return skip(`a "${type}" (a plugin's record kept with comments), not a comment`);
  }
  if (type !== 'comment' && site.options.pings === 'drop')
    return skip('pingbacks and trackbacks were chosen to be dropped');
  const status =
    approved === '1' ? 'approved' : approved === '0' ? 'pending' : approved === 'spam' ? 'spam' : undefined;
  if (!status)
    return skip(approved === 'trash' || approved === 'post-trashed' ? 'in the trash' : `status "${approved}"`);
  const createdAt =
    site.clock.instant(childText(element, 'wp:comment_date'), childText(element, 'wp:comment_date_gmt')) ?? new Date(0);
  const comment: ImportedComment = {
    kind: 'comment',
    key,
    articleKey: item.key,
    commentKind: type,
    authorName: authorName || 'Anonymous',
    email: childText(element, 'wp:comment_author_email'),
    url: childText(element, 'wp:comment_author_url'),
    html: autop(childRaw(element, 'wp:comment_content').replace(/\r\n?/g, '\n')).trim(),
    status,
    createdAt,
  };
  const parent = childText(element, 'wp:comment_parent');
  if (parent && parent !== '0') comment.parentKey = `comment:${parent}`;
  const ip = childText(element, 'wp:comment_author_IP');
  if (ip) comment.ip = ip;
  return comment;
}
