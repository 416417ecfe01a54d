/**
 * Posts through MetaWeblog, Blogger and WordPress's own methods. The
 * signatures are WordPress's (class-wp-xmlrpc-server.php): blog ids are
 * accepted and ignored (Folio is one blog, id "1"), post ids are article
 * ids as strings.
 */
import type { Method } from '#app/xmlrpc/call-context.ts';
import { signIn } from '#app/xmlrpc/call-context.ts';
import { count, flag, optionalStruct, recordId, struct } from '#app/xmlrpc/params.ts';
import { deletePost, editablePost, listPosts, readablePost, savePost, tagIdsOf } from '#app/xmlrpc/articles.ts';
import { metaWeblogPost, wordPressPage, wordPressPageAsPost, wordPressPost } from '#app/xmlrpc/post-struct.ts';
import { db } from '#app/models/db.ts';
import { Fault } from '#app/xmlrpc/fault.ts';
import { showingSections } from '#app/models/page.ts';

/** metaWeblog.newPost(blogid, username, password, struct, publish) → postid */
const newMetaWeblogPost: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const saved = await savePost(struct(params, 3, 'content'), flag(params[4]) ?? false, client, null, context.site);
  return String(saved.id);
};

/** metaWeblog.editPost(postid, username, password, struct, publish) → true */
const editMetaWeblogPost: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const current = await editablePost(recordId(params, 0, 'postid'), client);
  await savePost(struct(params, 3, 'content'), flag(params[4]), client, current, context.site);
  return true;
};

/** metaWeblog.getPost(postid, username, password) */
const getMetaWeblogPost: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  return metaWeblogPost(await readablePost(recordId(params, 0, 'postid'), client), context.site);
};

/** metaWeblog.getRecentPosts(blogid, username, password, numberOfPosts) */
const getRecentPosts: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const posts = await listPosts(client, { number: count(params[3], 10, 100) }, context.site.now);
  return posts.map((post) => metaWeblogPost(post, context.site));
};

/** blogger.deletePost(appkey, postid, username, password, publish) → true: to the trash. */
const deleteBloggerPost: Method = async (params, context) => {
  const client = await signIn(params, { user: 2, password: 3 }, context);
  await deletePost(recordId(params, 1, 'postid'), client, context.site.now);
  return true;
};

/** wp.newPost(blog_id, username, password, content) → post_id */
const newWordPressPost: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const content = struct(params, 3, 'content');
  refusePages(content.post_type);
  const saved = await savePost(content, undefined, client, null, context.site);
  return String(saved.id);
};

/** wp.editPost(blog_id, username, password, post_id, content) → true */
const editWordPressPost: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const current = await editablePost(recordId(params, 3, 'post_id'), client);
  const content = struct(params, 4, 'content');
  refusePages(content.post_type);
  await savePost(content, undefined, client, current, context.site);
  return true;
};

/** wp.getPost(blog_id, username, password, post_id, fields) */
const getWordPressPost: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const article = await readablePost(recordId(params, 3, 'post_id'), client);
  return wordPressPost(article, context.site, await tagIdsOf([article]));
};

/** wp.getPosts(blog_id, username, password, filter{post_type, post_status, number, offset}, fields) */
const getWordPressPosts: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const filter = optionalStruct(params, 3);
  const number = count(filter.number, 10, 100);
  const offset = count(filter.offset, 0, Number.MAX_SAFE_INTEGER);
  if (filter.post_type === 'page') {
    const pages = await db.page.findMany({
      include: { sections: showingSections },
      orderBy: { id: 'desc' },
      take: number,
      skip: offset,
    });
    return pages.map((page) => wordPressPageAsPost(page, context.site));
  }
  refusePages(filter.post_type, 'wp.getPosts lists post_type post or page.');
  const status = typeof filter.post_status === 'string' ? filter.post_status : undefined;
  const posts = await listPosts(client, { status, number, offset }, context.site.now);
  const tagIds = await tagIdsOf(posts);
  return posts.map((post) => wordPressPost(post, context.site, tagIds));
};

/** wp.deletePost(blog_id, username, password, post_id) → true: to the trash. */
const deleteWordPressPost: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  await deletePost(recordId(params, 3, 'post_id'), client, context.site.now);
  return true;
};

/** wp.getPages(blog_id, username, password, num_pages): Folio's static pages (edited in the admin only). */
const getWordPressPages: Method = async (params, context) => {
  await signIn(params, { user: 1, password: 2 }, context);
  const pages = await db.page.findMany({
    include: { sections: showingSections },
    orderBy: { id: 'desc' },
    take: count(params[3], 10, 100),
  });
  return pages.map((page) => wordPressPage(page, context.site));
};

export const postMethods: Record<string, Method> = {
  'metaWeblog.newPost': newMetaWeblogPost,
  'metaWeblog.editPost': editMetaWeblogPost,
  'metaWeblog.getPost': getMetaWeblogPost,
  'metaWeblog.getRecentPosts': getRecentPosts,
  'blogger.deletePost': deleteBloggerPost,
  'wp.newPost': newWordPressPost,
  'wp.editPost': editWordPressPost,
  'wp.getPost': getWordPressPost,
  'wp.getPosts': getWordPressPosts,
  'wp.deletePost': deleteWordPressPost,
  'wp.getPages': getWordPressPages,
};

/** Posts only: Folio's pages are written in the admin. */
function refusePages(
  postType: unknown,
  message = 'Folio’s pages are edited in the admin; clients write posts (post_type "post").',
) {
  if (postType !== undefined && postType !== 'post') throw new Fault(401, message);
}
