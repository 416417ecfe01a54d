/** Articles and comments as feed entries: absolute URLs, whitelisted fields. */
import type { FeedItem } from '#app/feeds/index.ts';
import type { ReadableArticle, ReadableComment } from '#app/models/article/reading.ts';
import { articlePath, absoluteUrl } from '#app/helpers/permalinks.ts';
import { lastChangedAt } from '#app/models/changes.ts';

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
  return {
    id: url,
    title: `${comment.authorName} on “${article.title}”`,
    url,
    publishedAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    authorName: comment.authorName,
    html: comment.bodyHtml,
  };
}
