/**
 * What a theme may see of an article: whitelisted fields and ready URLs,
 * never the record (no email addresses, no sources, no drafts' data).
 */
import { lastChangedAt } from '#app/models/changes.ts';
import type { ArticleLink, ReadableArticle } from '#app/models/article/reading.ts';
import { presentImage, type ImageView } from '#app/presenters/image.ts';
import { articlePath, tagPath, sectionPath, authorPath } from '#app/helpers/permalinks.ts';

/** An article as every template and partial sees it (`article`, `item`, `result.article`). */
export interface ArticleView {
  id: number;
  title: string;
  /** Its permalink path, like /2024/03/02/slug. */
  url: string;
  publishedAt: Date;
  /** When readers last saw it change (never before `publishedAt`). */
  updatedAt: Date;
  /** The excerpt when there is one, else the whole body: what listings show. */
  summaryHtml: string;
  /** Whether the body holds more than `summaryHtml` (offer "continue reading"). */
  hasMore: boolean;
  bodyHtml: string;
  tags: { name: string; url: string }[];
  section: { name: string; url: string } | null;
  author: { name: string; url: string };
  /** Approved comments. */
  commentsCount: number;
  commentsUrl: string;
  allowComments: boolean;
  /** The cover image (alt text: the title), or null. */
  cover: ImageView | null;
  /** Minutes to read the body, at least 1 (“4 min read”). */
  readingMinutes: number;
}

/** Adult silent reading of non-fiction, words per minute. */
const wordsPerMinute = 230;

/** A previous/next link on the article page. */
export interface ArticleLinkView {
  title: string;
  url: string;
}

export function presentArticle(article: ReadableArticle): ArticleView {
  const url = articlePath(article);
  return {
    id: article.id,
    title: article.title,
    url,
    publishedAt: article.publishedAt ?? article.createdAt,
    updatedAt: lastChangedAt(article),
    summaryHtml: article.excerptHtml || article.bodyHtml,
    hasMore: Boolean(article.excerptHtml),
    bodyHtml: article.bodyHtml,
    tags: article.taggings.map(({ tag }) => ({ name: tag.name, url: tagPath(tag.slug) })),
    section: article.section ? { name: article.section.name, url: sectionPath(article.section.slug) } : null,
    author: { name: article.author.displayName, url: authorPath(article.author.login) },
    commentsCount: article.commentsCount,
    commentsUrl: `${url}#comments`,
    allowComments: article.allowComments,
    cover: article.cover ? presentImage(article.cover, article.title) : null,
    readingMinutes: Math.max(1, Math.round(article.wordCount / wordsPerMinute)),
  };
}

export function presentLink(article: ArticleLink | null): ArticleLinkView | null {
  return article ? { title: article.title, url: articlePath(article) } : null;
}
