/** Articles and comments as feed entries: absolute URLs, whitelisted fields. */
import type { FeedItem } from '#app/feeds/index.ts';
import type { ReadableArticle, ReadableComment } from '#app/models/article/reading.ts';
import { articlePath, absoluteUrl } from '#app/helpers/permalinks.ts';
import { lastChangedAt } from '#app/models/changes.ts';
import { presentComment } from '#app/presenters/comment.ts';

export function articleFeedItem(article: ReadableArticle, baseUrl: string): FeedItem {
  const url = absoluteUrl(baseUrl, articlePath(article));
  return {
    id: url,
    title: article.title,
    url,
    publishedAt: article.publishedAt ?? article.createdAt,
    updatedAt: lastChangedAt(article),
    authorName: article.author.displayName,
    html: article.bodyHtml,
    categories: article.taggings.map(({ tag }) => tag.name),
  };
}

export function commentFeedItem(
  comment: ReadableComment,
  article: { title: string; slug: string; publishedOn: string | null },
  baseUrl: string,
): FeedItem {
  const url = `${absoluteUrl(baseUrl, articlePath(article))}#comment-${comment.id}`;
  const { mention } = presentComment(comment);
  return {
    id: url,
    title: `${comment.authorName} ${mention ? (mentionTitles[mention.type] ?? 'on') : 'on'} “${article.title}”`,
    url,
    publishedAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    authorName: comment.authorName,
    // A webmention's text is an excerpt of another page: the entry says where the whole of it is.
    html: mention
      ? `${comment.bodyHtml}<p>${escapeHtml(mention.verb)} <a href="${escapeHtml(mention.url)}" rel="nofollow ugc">${escapeHtml(mention.host)}</a></p>`
      : comment.bodyHtml,
  };
}

const mentionTitles: Readonly<Record<string, string>> = {
  reply: 'replied to',
  mention: 'mentioned',
  pingback: 'linked to',
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
