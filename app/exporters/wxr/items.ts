/**
 * One WXR `<item>` per article, page and upload, and a `<wp:comment>` per
 * comment, in the elements and order of WordPress's export.php (WXR 1.2).
 */
import type { Asset, Comment, Page } from '#app/models/db.ts';
import type { ExportedArticle } from '#app/exporters/batches.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { articlePath, pagePath } from '#app/helpers/permalinks.ts';
import { uploadUrl } from '#app/models/upload/links.ts';
import { absolutizeUrls } from '#app/feeds/absolute-urls.ts';
import { rfc822, sqlDateTime } from '#app/exporters/dates.ts';
import { cdata, cdataElement, element, xmlText } from '#app/exporters/wxr/xml.ts';

export interface ItemContext {
  baseUrl: string;
  timeZone: string;
  now: Date;
  /** WordPress numbers posts, pages and attachments in one sequence; Folio in three: pages and uploads are shifted past the articles. */
  pageIdOffset: number;
  assetIdOffset: number;
}

const statuses = { published: 'publish', scheduled: 'future', draft: 'draft' } as const;
/** What WordPress writes for a date a draft never had. */
const noDate = '0000-00-00 00:00:00';

export function articleItem(article: ExportedArticle, comments: Comment[], c: ItemContext): string {
  const status = articleStatus(article, c.now);
  const link = c.baseUrl + (status === 'draft' ? `/?p=${article.id}` : articlePath(article));
  const date = article.publishedAt ?? article.createdAt;
  const categories = [
    ...(article.section ? [category('category', article.section.slug, article.section.name)] : []),
    ...article.taggings.map(({ tag }) => category('post_tag', tag.slug, tag.name)),
  ];
  return item({
    title: article.title,
    link,
    pubDate: date,
    creator: article.author.login,
    guid: `${c.baseUrl}/?p=${article.id}`,
    content: absolutizeUrls(article.bodyHtml, link),
    excerpt: absolutizeUrls(article.excerptHtml, link),
    id: article.id,
    postDate: sqlDateTime(date, c.timeZone),
    postDateGmt: article.publishedAt ? sqlDateTime(article.publishedAt, 'UTC') : noDate,
    modified: article.updatedAt,
    commentStatus: article.allowComments ? 'open' : 'closed',
    name: article.slug,
    status: statuses[status],
    type: 'post',
    extra: [...categories, ...comments.map((comment) => wpComment(comment, c.timeZone))],
    timeZone: c.timeZone,
  });
}

export function pageItem(page: Page, c: ItemContext): string {
  const link = c.baseUrl + pagePath(page.slug);
  const id = c.pageIdOffset + page.id;
  return item({
    title: page.title,
    link,
    pubDate: page.createdAt,
    creator: '',
    guid: `${c.baseUrl}/?page_id=${id}`,
    content: absolutizeUrls(page.bodyHtml, link),
    excerpt: '',
    id,
    postDate: sqlDateTime(page.createdAt, c.timeZone),
    postDateGmt: sqlDateTime(page.createdAt, 'UTC'),
    modified: page.updatedAt,
    commentStatus: 'closed',
    name: page.slug,
    status: 'publish',
    type: 'page',
    extra: [],
    timeZone: c.timeZone,
  });
}

export function attachmentItem(asset: Asset & { uploader: { login: string } }, c: ItemContext): string {
  const url = c.baseUrl + uploadUrl(asset);
  return item({
    title: asset.originalName.replace(/\.[^.]{1,8}$/, '') || asset.originalName,
    link: url,
    pubDate: asset.createdAt,
    creator: asset.uploader.login,
    guid: url,
    content: '',
    excerpt: '',
    id: c.assetIdOffset + asset.id,
    postDate: sqlDateTime(asset.createdAt, c.timeZone),
    postDateGmt: sqlDateTime(asset.createdAt, 'UTC'),
    modified: asset.createdAt,
    commentStatus: 'closed',
    name: asset.storedName
      .split('/')
      .pop()!
      .replace(/\.\w+$/, ''),
    status: 'inherit',
    type: 'attachment',
    extra: [element('wp:attachment_url', url)],
    timeZone: c.timeZone,
  });
}

interface ItemFields {
  title: string;
  link: string;
  pubDate: Date;
  creator: string;
  guid: string;
  content: string;
  excerpt: string;
  id: number;
  postDate: string;
  postDateGmt: string;
  modified: Date;
  commentStatus: 'open' | 'closed';
  name: string;
  status: string;
  type: 'post' | 'page' | 'attachment';
  extra: string[];
  timeZone: string;
}

function item(f: ItemFields): string {
  const lines = [
    element('title', f.title),
    element('link', f.link),
    element('pubDate', rfc822(f.pubDate)),
    cdataElement('dc:creator', f.creator),
    `<guid isPermaLink="false">${xmlText(f.guid)}</guid>`,
    '<description></description>',
    cdataElement('content:encoded', f.content),
    cdataElement('excerpt:encoded', f.excerpt),
    element('wp:post_id', f.id),
    cdataElement('wp:post_date', f.postDate),
    cdataElement('wp:post_date_gmt', f.postDateGmt),
    cdataElement('wp:post_modified', sqlDateTime(f.modified, f.timeZone)),
    cdataElement('wp:post_modified_gmt', sqlDateTime(f.modified, 'UTC')),
    cdataElement('wp:comment_status', f.commentStatus),
    cdataElement('wp:ping_status', 'closed'),
    cdataElement('wp:post_name', f.name),
    cdataElement('wp:status', f.status),
    element('wp:post_parent', 0),
    element('wp:menu_order', 0),
    cdataElement('wp:post_type', f.type),
    cdataElement('wp:post_password', ''),
    element('wp:is_sticky', 0),
    ...f.extra,
  ];
  return `\t<item>\n${lines.map((line) => `\t\t${line}\n`).join('')}\t</item>\n`;
}

function category(domain: 'category' | 'post_tag', slug: string, name: string): string {
  return `<category domain="${domain}" nicename="${xmlText(slug)}">${cdata(name)}</category>`;
}

const approvals = { approved: '1', pending: '0', spam: 'spam' } as const;

function wpComment(comment: Comment, timeZone: string): string {
  const fields = [
    element('wp:comment_id', comment.id),
    cdataElement('wp:comment_author', comment.authorName),
    cdataElement('wp:comment_author_email', comment.email),
    element('wp:comment_author_url', comment.url),
    cdataElement('wp:comment_author_IP', comment.ip),
    cdataElement('wp:comment_date', sqlDateTime(comment.createdAt, timeZone)),
    cdataElement('wp:comment_date_gmt', sqlDateTime(comment.createdAt, 'UTC')),
    cdataElement('wp:comment_content', comment.bodyHtml),
    cdataElement('wp:comment_approved', approvals[comment.status as keyof typeof approvals] ?? '0'),
    cdataElement('wp:comment_type', comment.kind),
    element('wp:comment_parent', 0),
    element('wp:comment_user_id', 0),
  ];
  return `<wp:comment>\n${fields.map((f) => `\t\t\t${f}\n`).join('')}\t\t</wp:comment>`;
}
