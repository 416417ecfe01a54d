/**
 * The blog and its people as clients see them: one blog (id "1") at the
 * site's address, the signed-in user, and the taxonomy (Folio's sections
 * are WordPress's categories, its tags are post_tag).
 */
import type { Method } from '#app/xmlrpc/call-context.ts';
import { signIn } from '#app/xmlrpc/call-context.ts';
import type { CallContext } from '#app/xmlrpc/call-context.ts';
import { optionalStruct, text } from '#app/xmlrpc/params.ts';
import { sectionTerm } from '#app/xmlrpc/post-struct.ts';
import { badParams, Fault } from '#app/xmlrpc/fault.ts';
import { db } from '#app/models/db.ts';
import type { ApiClient } from '#app/models/app-password.ts';
import { absoluteUrl, authorPath, sectionPath, tagPath } from '#app/helpers/permalinks.ts';

/** wp.getUsersBlogs(username, password) and blogger.getUsersBlogs(appkey, username, password). */
function usersBlogs(at: { user: number; password: number }): Method {
  return async (params, context) => {
    const client = await signIn(params, at, context);
    return [blogOf(client, context)];
  };
}

/** blogger.getUserInfo(appkey, username, password) */
const getUserInfo: Method = async (params, context) => {
  const { user } = await signIn(params, { user: 1, password: 2 }, context);
  const [firstname = '', ...rest] = user.displayName.split(' ');
  return {
    userid: String(user.id),
    nickname: user.login,
    firstname,
    lastname: rest.join(' '),
    url: absoluteUrl(context.site.baseUrl, authorPath(user.login)),
    email: user.email,
  };
};

/** metaWeblog.getCategories(blogid, username, password): every section, for the client's category picker. */
const getCategories: Method = async (params, context) => {
  await signIn(params, { user: 1, password: 2 }, context);
  const sections = await sectionsInOrder();
  return sections.map((section) => ({
    categoryId: String(section.id),
    parentId: '0',
    categoryName: section.name,
    categoryDescription: '',
    description: section.name,
    htmlUrl: absoluteUrl(context.site.baseUrl, sectionPath(section.slug)),
    rssUrl: absoluteUrl(context.site.baseUrl, `${sectionPath(section.slug)}.rss`),
  }));
};

/** wp.getTerms(blog_id, username, password, taxonomy, filter{number, offset, search}) */
const getTerms: Method = async (params, context) => {
  await signIn(params, { user: 1, password: 2 }, context);
  const taxonomy = text(params, 3, 'taxonomy');
  const filter = optionalStruct(params, 4);
  const search = typeof filter.search === 'string' ? filter.search.trim().toLowerCase() : '';
  if (taxonomy === 'category') {
    const sections = await sectionsInOrder();
    return sections
      .filter((s) => !search || s.name.toLowerCase().includes(search))
      .map((s) => sectionTerm(s, s._count.articles, context.site));
  }
  if (taxonomy === 'post_tag') {
    const tags = await db.tag.findMany({
      orderBy: { name: 'asc' },
      take: 1000,
      include: { _count: { select: { taggings: true } } },
    });
    return tags
      .filter((t) => !search || t.name.toLowerCase().includes(search))
      .map((t) => ({
        term_id: String(t.id),
        name: t.name,
        slug: t.slug,
        term_group: '0',
        term_taxonomy_id: String(t.id),
        taxonomy: 'post_tag',
        description: '',
        parent: '0',
        count: t._count.taggings,
        filter: 'raw',
        link: absoluteUrl(context.site.baseUrl, tagPath(t.slug)),
      }));
  }
  if (!taxonomy) throw badParams('Name the taxonomy: category or post_tag.');
  throw new Fault(403, `Invalid taxonomy "${taxonomy}": Folio has category (its sections) and post_tag.`);
};

export const blogMethods: Record<string, Method> = {
  'wp.getUsersBlogs': usersBlogs({ user: 0, password: 1 }),
  'blogger.getUsersBlogs': usersBlogs({ user: 1, password: 2 }),
  'blogger.getUserInfo': getUserInfo,
  'metaWeblog.getCategories': getCategories,
  'wp.getTerms': getTerms,
};

function blogOf(client: ApiClient, context: CallContext) {
  return {
    isAdmin: client.user.role === 'admin',
    url: `${context.site.baseUrl}/`,
    blogid: '1',
    blogName: context.blogName,
    xmlrpc: `${context.site.baseUrl}/xmlrpc`,
  };
}

function sectionsInOrder() {
  return db.section.findMany({
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, slug: true, _count: { select: { articles: true } } },
  });
}
