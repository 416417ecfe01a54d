/** What a theme may see of a comment: never the email, IP or user agent. */
import type { ReadableComment } from '#app/models/article/reading.ts';
import { renderCommentHtml } from '#app/text-filters/index.ts';

/** A comment as templates and partials see it (`comment`, `commentForm.preview`). */
export interface CommentView {
  id: number;
  /** The element id to give it, for links to the comment: `comment-<id>`. */
  anchor: string;
  authorName: string;
  /** The website the commenter gave; link it with rel="nofollow ugc". */
  authorUrl: string | null;
  bodyHtml: string;
  createdAt: Date;
  /**
   * For a reply or mention from another site (a webmention, or a pingback):
   * what it is and where. Show "replied on <host>" linking to `url` with
   * rel="nofollow ugc". Null for a comment written here.
   */
  mention: MentionView | null;
}

export interface MentionView {
  /** reply | mention (likes, reposts and bookmarks are `reactions`, not comments). */
  type: string;
  /** The page that mentions the article. */
  url: string;
  /** Its host, to name it by ("example.org"). */
  host: string;
  /** "replied on", "mentioned this on", "linked here from". */
  verb: string;
}

/** People who liked, reposted or bookmarked the article elsewhere: one compact line per type. */
export interface ReactionGroup {
  type: 'like' | 'repost' | 'bookmark';
  /** "Liked by", "Reposted by", "Bookmarked by". */
  label: string;
  people: ReactionView[];
}

export interface ReactionView {
  anchor: string;
  name: string;
  /** Their profile; link it with rel="nofollow ugc". */
  url: string | null;
  /** An https: image (what the pages' img-src allows), else null: show the name alone. */
  photo: string | null;
  /** The page that says so (the like, the repost). */
  sourceUrl: string;
}

const reactionLabels: Readonly<Record<ReactionGroup['type'], string>> = {
  like: 'Liked by',
  repost: 'Reposted by',
  bookmark: 'Bookmarked by',
};

/** Whether a comment is a reaction (shown in a line of names), not a comment (shown with its text). */
export function isReaction(comment: Pick<ReadableComment, 'kind' | 'mentionType'>): boolean {
  return comment.kind === 'webmention' && Object.hasOwn(reactionLabels, comment.mentionType);
}

export function presentComment(comment: ReadableComment): CommentView {
  return {
    id: comment.id,
    anchor: `comment-${comment.id}`,
    authorName: comment.authorName,
    authorUrl: comment.url || null,
    bodyHtml: comment.bodyHtml,
    createdAt: comment.createdAt,
    mention: mentionOf(comment),
  };
}

/** The approved reactions, grouped by type (likes, then reposts, then bookmarks), each oldest first. */
export function presentReactions(comments: readonly ReadableComment[]): ReactionGroup[] {
  return (Object.keys(reactionLabels) as ReactionGroup['type'][]).flatMap((type) => {
    const people = comments
      .filter((comment) => comment.kind === 'webmention' && comment.mentionType === type)
      .map((comment) => ({
        anchor: `comment-${comment.id}`,
        name: comment.authorName,
        url: comment.url || null,
        photo: httpsOnly(comment.authorPhoto),
        sourceUrl: comment.sourceUrl,
      }));
    return people.length ? [{ type, label: reactionLabels[type], people }] : [];
  });
}

/** A comment not yet stored, as the preview shows it (rendered by the same filters as a stored one). */
export function presentCommentPreview(
  values: { authorName?: string; url?: string; body?: string },
  now = new Date(),
): CommentView {
  return {
    id: 0,
    anchor: 'comment-preview',
    authorName: values.authorName?.trim() ?? '',
    authorUrl: values.url?.trim() || null,
    bodyHtml: renderCommentHtml(values.body?.trim() ?? ''),
    createdAt: now,
    mention: null,
  };
}

function mentionOf(comment: ReadableComment): MentionView | null {
  if ((comment.kind !== 'webmention' && comment.kind !== 'pingback') || !comment.sourceUrl) return null;
  const url = httpUrl(comment.sourceUrl);
  if (!url) return null;
  const type = comment.kind === 'pingback' ? 'pingback' : comment.mentionType || 'mention';
  const verb = type === 'reply' ? 'replied on' : type === 'pingback' ? 'linked here from' : 'mentioned this on';
  return { type, url: url.href, host: url.host, verb };
}

function httpUrl(value: string): URL | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

function httpsOnly(value: string): string | null {
  const url = httpUrl(value);
  return url?.protocol === 'https:' ? url.href : null;
}
