/**
 * Articles and pages as clients read them: MetaWeblog's struct and
 * WordPress's (field names from WordPress's class-wp-xmlrpc-server.php,
 * which clients are written against). Ids are strings, links absolute,
 * dates as WordPress writes them: wall time in the blog's zone, and UTC in
 * the *_gmt fields. A client edits HTML, so an article kept in Markdown is
 * handed out as its rendered HTML.
 */
import type { ArticleWithRelations } from '#app/models/article.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { absoluteUrl, articlePath, canonicalPagePath, sectionPath } from '#app/helpers/permalinks.ts';
import type { RpcAnswer } from '#app/xmlrpc/codec.ts';
import { rpcDate } from '#app/xmlrpc/codec.ts';
import { uploadUrl } from '#app/models/upload/links.ts';

export interface Site {
  readonly baseUrl: string;
  readonly timeZone: string;
  readonly now: Date;
}

/** An article read by a client; the listing query includes the same relations. */
export type ClientArticle = ArticleWithRelations;

/** WordPress's post_status: publish, future (scheduled), draft, or trash (deleted by a client). */
export function postStatus(article: ClientArticle, now: Date): string {
  if (article.state === 'deleted') return 'trash';
  const status = articleStatus(article, now);
  return status === 'published' ? 'publish' : status === 'scheduled' ? 'future' : 'draft';
}

/** metaWeblog.getPost / getRecentPosts. */
export function metaWeblogPost(article: ClientArticle, site: Site): RpcAnswer {
  const link = permalink(article, site);
  const date = article.publishedAt ?? article.createdAt;
  return {
    postid: String(article.id),
    title: article.title,
    description: html(article, 'body'),
    mt_excerpt: html(article, 'excerpt'),
    mt_text_more: '',
    link,
    permaLink: link,
    userid: String(article.authorId),
    dateCreated: rpcDate(date, site.timeZone),
    date_created_gmt: rpcDate(date),
    date_modified: rpcDate(article.updatedAt, site.timeZone),
    date_modified_gmt: rpcDate(article.updatedAt),
    categories: article.section ? [article.section.name] : [],
    mt_keywords: tagNames(article).join(', '),
    mt_allow_comments: article.allowComments ? 1 : 0,
    mt_allow_pings: 0,
    wp_slug: article.slug,
    wp_password: '',
    wp_author_id: String(article.authorId),
    wp_author_display_name: article.author.displayName,
    post_status: postStatus(article, site.now),
    custom_fields: [],
    wp_post_format: 'standard',
    wp_post_thumbnail: article.coverAssetId ? String(article.coverAssetId) : '',
    sticky: false,
  };
}

/** wp.getPost / wp.getPosts. */
export function wordPressPost(article: ClientArticle, site: Site, tagIds: ReadonlyMap<string, number>): RpcAnswer {
  const date = article.publishedAt ?? article.createdAt;
  const terms = [
    ...(article.section && article.sectionId
      ? [sectionTerm({ id: article.sectionId, ...article.section }, null, site)]
      : []),
    ...article.taggings.map((t) => ({
      term_id: String(tagIds.get(t.tag.slug) ?? 0),
      name: t.tag.name,
      slug: t.tag.slug,
      term_group: '0',
      term_taxonomy_id: String(tagIds.get(t.tag.slug) ?? 0),
      taxonomy: 'post_tag',
      description: '',
      parent: '0',
      count: 0,
      filter: 'raw',
    })),
  ];
  return {
    post_id: String(article.id),
    post_title: article.title,
    post_date: rpcDate(date, site.timeZone),
    post_date_gmt: rpcDate(date),
    post_modified: rpcDate(article.updatedAt, site.timeZone),
    post_modified_gmt: rpcDate(article.updatedAt),
    post_status: postStatus(article, site.now),
    post_type: 'post',
    post_name: article.slug,
    post_author: String(article.authorId),
    post_password: '',
    post_excerpt: html(article, 'excerpt'),
    post_content: html(article, 'body'),
    post_parent: '0',
    post_mime_type: '',
    link: permalink(article, site),
    guid: permalink(article, site),
    menu_order: 0,
    comment_status: article.allowComments ? 'open' : 'closed',
    ping_status: 'closed',
    sticky: false,
    post_format: 'standard',
    post_thumbnail: coverOf(article, site),
    terms,
    custom_fields: [],
  };
}

/** A Folio section as a WordPress category term (and, with `count`, for wp.getTerms). */
export function sectionTerm(
  section: { id: number; name: string; slug: string },
  count: number | null,
  site: Pick<Site, 'baseUrl'>,
): RpcAnswer {
  return {
    term_id: String(section.id),
    name: section.name,
    slug: section.slug,
    term_group: '0',
    term_taxonomy_id: String(section.id),
    taxonomy: 'category',
    description: '',
    parent: '0',
    count: count ?? 0,
    filter: 'raw',
    link: absoluteUrl(site.baseUrl, sectionPath(section.slug)),
  };
}

export interface ClientPage {
  id: number;
  title: string;
  slug: string;
  bodySource: string;
  bodyHtml: string;
  textFilter: string;
  createdAt: Date;
  updatedAt: Date;
  sections: { slug: string }[];
}

/** wp.getPages: Folio's static pages, read-only for clients (they are edited in the admin). */
export function wordPressPage(page: ClientPage, site: Site): RpcAnswer {
  const link = absoluteUrl(site.baseUrl, canonicalPagePath(page));
  return {
    page_id: String(page.id),
    title: page.title,
    description: page.textFilter === 'none' ? page.bodySource : page.bodyHtml,
    link,
    permaLink: link,
    dateCreated: rpcDate(page.createdAt, site.timeZone),
    date_created_gmt: rpcDate(page.createdAt),
    page_status: 'publish',
    wp_slug: page.slug,
    wp_page_parent_id: 0,
    wp_page_order: 0,
    categories: [],
    excerpt: '',
    text_more: '',
    mt_allow_comments: 0,
    mt_allow_pings: 0,
    wp_password: '',
    custom_fields: [],
  };
}

/** A page in wp.getPosts(post_type=page): WordPress's post struct. */
export function wordPressPageAsPost(page: ClientPage, site: Site): RpcAnswer {
  const link = absoluteUrl(site.baseUrl, canonicalPagePath(page));
  return {
    post_id: String(page.id),
    post_title: page.title,
    post_date: rpcDate(page.createdAt, site.timeZone),
    post_date_gmt: rpcDate(page.createdAt),
    post_modified: rpcDate(page.updatedAt, site.timeZone),
    post_modified_gmt: rpcDate(page.updatedAt),
    post_status: 'publish',
    post_type: 'page',
    post_name: page.slug,
    post_content: page.textFilter === 'none' ? page.bodySource : page.bodyHtml,
    post_excerpt: '',
    link,
    guid: link,
    comment_status: 'closed',
    terms: [],
    custom_fields: [],
  };
}

/** Where readers find it (a draft's address is not public yet: it says /draft/…, as in the admin). */
function permalink(article: ClientArticle, site: Pick<Site, 'baseUrl'>): string {
  return absoluteUrl(site.baseUrl, articlePath(article));
}

/** WordPress's media item for the cover, or its empty array when there is none. */
function coverOf(article: ClientArticle, site: Pick<Site, 'baseUrl'>): RpcAnswer {
  if (!article.cover || !article.coverAssetId) return [];
  const link = absoluteUrl(site.baseUrl, uploadUrl(article.cover));
  return {
    attachment_id: String(article.coverAssetId),
    link,
    thumbnail: absoluteUrl(site.baseUrl, uploadUrl(article.cover, 'thumb')),
    title: '',
    caption: '',
    description: '',
    metadata: { width: article.cover.width ?? 0, height: article.cover.height ?? 0, file: article.cover.storedName },
  };
}

function html(article: ClientArticle, part: 'body' | 'excerpt'): string {
  if (part === 'body') return article.textFilter === 'none' ? article.bodySource : article.bodyHtml;
  return article.textFilter === 'none' ? article.excerpt : article.excerptHtml;
}

function tagNames(article: ClientArticle): string[] {
  return article.taggings.map((t) => t.tag.name);
}
