/**
 * The few Movable Type and WordPress helpers desktop editors call besides
 * the documented set (Open Live Writer files posts with mt.setPostCategories;
 * clients ask wp.getOptions what they talk to). A post's categories are its
 * one section.
 */
import type { Method } from '#app/xmlrpc/call-context.ts';
import { signIn } from '#app/xmlrpc/call-context.ts';
import { recordId } from '#app/xmlrpc/params.ts';
import { editablePost, readablePost, savePost } from '#app/xmlrpc/articles.ts';
import { badParams } from '#app/xmlrpc/fault.ts';
import { db } from '#app/models/db.ts';
import { absoluteUrl, sectionPath } from '#app/helpers/permalinks.ts';

/** mt.getCategoryList(blogid, username, password) and wp.getCategories: every section. */
const categoryList: Method = async (params, context) => {
  await signIn(params, { user: 1, password: 2 }, context);
  const sections = await db.section.findMany({
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, slug: true },
  });
  return sections.map((s) => ({
    categoryId: String(s.id),
    categoryName: s.name,
    parentId: '0',
    description: s.name,
    categoryDescription: '',
    htmlUrl: absoluteUrl(context.site.baseUrl, sectionPath(s.slug)),
    rssUrl: absoluteUrl(context.site.baseUrl, `${sectionPath(s.slug)}.rss`),
  }));
};

/** mt.getPostCategories(postid, username, password): the post's section, as its one primary category. */
const getPostCategories: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const article = await readablePost(recordId(params, 0, 'postid'), client);
  return article.section && article.sectionId
    ? [{ categoryId: String(article.sectionId), categoryName: article.section.name, isPrimary: true }]
    : [];
};

/** mt.setPostCategories(postid, username, password, [{categoryId, isPrimary}]): the primary (else first) one is the section. */
const setPostCategories: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const current = await editablePost(recordId(params, 0, 'postid'), client);
  const list = params[3];
  if (!Array.isArray(list)) throw badParams('Parameter 4 (categories) must be an array of {categoryId, isPrimary}.');
  const entries = list.map((entry) => (entry && typeof entry === 'object' && !Array.isArray(entry) ? entry : {}));
  const chosen = entries.find((e) => 'isPrimary' in e && e.isPrimary === true) ?? entries[0];
  const id = chosen && 'categoryId' in chosen ? chosen.categoryId : undefined;
  await savePost({ terms: { category: id === undefined ? [] : [id] } }, undefined, client, current, context.site);
  return true;
};

/** mt.supportedTextFilters: none to choose; a client's HTML is sanitised as it is. */
const supportedTextFilters: Method = () => Promise.resolve([]);

/** wp.getOptions(blog_id, username, password): what clients read to know the blog. */
const getOptions: Method = async (params, context) => {
  await signIn(params, { user: 1, password: 2 }, context);
  const option = (desc: string, value: string | number | boolean) => ({ desc, readonly: true, value });
  const offsetHours = zoneOffsetHours(context.site.timeZone, context.site.now);
  return {
    software_name: option('Software Name', 'Folio'),
    blog_title: option('Site Title', context.blogName),
    blog_url: option('WordPress Address (URL)', `${context.site.baseUrl}/`),
    home_url: option('Site Address (URL)', `${context.site.baseUrl}/`),
    time_zone: option('Time Zone', String(offsetHours)),
    timezone: option('Time Zone', context.site.timeZone),
    post_thumbnail: option('Post Thumbnail', true),
    max_upload_size: option('Max upload size', context.config.uploadMaxBytes),
  };
};

export const movableTypeMethods: Record<string, Method> = {
  'mt.getCategoryList': categoryList,
  'wp.getCategories': categoryList,
  'mt.getPostCategories': getPostCategories,
  'mt.setPostCategories': setPostCategories,
  'mt.supportedTextFilters': supportedTextFilters,
  'wp.getOptions': getOptions,
};

/** The zone's offset from UTC now, in hours (WordPress's gmt_offset). */
function zoneOffsetHours(timeZone: string, now: Date): number {
  const wall = new Date(now.toLocaleString('en-US', { timeZone }));
  const utc = new Date(now.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((wall.getTime() - utc.getTime()) / 900_000) / 4;
}
