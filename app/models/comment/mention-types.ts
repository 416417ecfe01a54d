/**
 * What a webmention from another site is to the article (Comment.mentionType
 * of a comment of kind "webmention"). Likes, reposts and bookmarks are
 * reactions, not comments: pages show them as a line of names, the
 * article's comment count and the comment feeds leave them out (their SQL
 * spells the same list), and reply subscribers are not mailed about them.
 */
export const mentionTypes = ['reply', 'like', 'repost', 'bookmark', 'mention'] as const;
export type MentionType = (typeof mentionTypes)[number];

export const reactionTypes: readonly MentionType[] = ['like', 'repost', 'bookmark'];

export function isReaction(comment: { readonly kind: string; readonly mentionType: string }): boolean {
  return comment.kind === 'webmention' && (reactionTypes as readonly string[]).includes(comment.mentionType);
}
