/**
 * The addresses a WordPress item answered on the old site, so that every
 * link out there keeps working: what the export says (<link>, <guid>), the
 * ID-based forms WordPress always answers (?p=, ?page_id=, ?cat=...), and
 * the item's path under the permalink structures WordPress offered, since
 * a blog that changed structure still has the old links out in the world.
 * All under the blog's own base path (a blog at example.com/blog/ had
 * /blog/?p=1). The writer normalises and de-duplicates them.
 */

/** "/blog" for http://example.com/blog/, "" for a blog at the root. */
export function basePathOf(blogUrl: string): string {
  try {
    return new URL(blogUrl).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

/** The path and query of a URL as written in the export, when it is one ("http://old/?p=1" → "/?p=1"). */
export function pathOf(url: string): string | undefined {
  const text = url.trim();
  if (!text) return undefined;
  try {
    const parsed = new URL(text, 'http://placeholder.invalid');
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.pathname + parsed.search;
  } catch {
    return undefined;
  }
}

export interface PostAddressFacts {
  id: string;
  postType: 'post' | 'page' | 'attachment';
  link: string;
  guid: string;
  /** The raw wp:post_name (percent-encoded as WordPress stored it). */
  slug: string;
  /** wp:post_date, local; only for items that were public. */
  localDate?: string;
  public: boolean;
}

export function itemAddresses(base: string, facts: PostAddressFacts): string[] {
  const addresses = new Set<string>();
  const add = (path: string | undefined) => {
    if (path) addresses.add(path);
  };
  const linkPath = pathOf(facts.link);
  add(linkPath);
  add(pathOf(facts.guid));
  const idQuery = { post: 'p', page: 'page_id', attachment: 'attachment_id' }[facts.postType];
  add(`${base}/?${idQuery}=${facts.id}`);
  if (facts.postType === 'post') add(`${base}/index.php?p=${facts.id}`);
  if (!facts.public) return [...addresses];
  if (linkPath && !linkPath.includes('?')) {
    add(indexPhpVariant(base, linkPath));
    // The post's comment feed: WordPress answered /slug/feed/ for every post.
    if (facts.postType === 'post') add(`${linkPath.replace(/\/?$/, '/')}feed/`);
  }
  if (facts.postType === 'post' && facts.slug && facts.localDate) {
    for (const path of permalinkPaths(facts.slug, facts.localDate, facts.id)) {
      add(base + path);
      add(`${base}/index.php${path}`);
    }
  }
  return [...addresses];
}

/** The post under WordPress's offered structures (Settings → Permalinks), with its old local date. */
function permalinkPaths(slug: string, localDate: string, id: string): string[] {
  const [year, month, day] = localDate.slice(0, 10).split('-');
  return [
    `/${year}/${month}/${day}/${slug}/`,
    `/${year}/${month}/${slug}/`,
    `/${year}/${slug}/`,
    `/${slug}/`,
    `/archives/${id}`,
  ];
}

/** /index.php/2009/05/hello/ for /2009/05/hello/ and back: "almost pretty" permalinks of hosts without mod_rewrite. */
function indexPhpVariant(base: string, path: string): string | undefined {
  const rest = path.slice(base.length);
  if (!path.startsWith(base)) return undefined;
  return rest.startsWith('/index.php/') ? base + rest.slice('/index.php'.length) : `${base}/index.php${rest}`;
}

export function categoryAddresses(base: string, path: string[], termId: string): string[] {
  const addresses = [`${base}/category/${path.join('/')}/`, `${base}/category/${path.join('/')}/feed/`];
  const leaf = path.at(-1);
  if (path.length > 1 && leaf) addresses.push(`${base}/category/${leaf}/`);
  if (termId) addresses.push(`${base}/?cat=${termId}`);
  return addresses;
}

export function tagAddresses(base: string, slug: string): string[] {
  return [`${base}/tag/${slug}/`, `${base}/tag/${slug}/feed/`, `${base}/?tag=${slug}`];
}

export function authorAddresses(base: string, login: string, authorId: string): string[] {
  const addresses = new Set([`${base}/author/${encodeURIComponent(login)}/`]);
  // WordPress addresses authors by user_nicename: the login made URL-safe.
  const nicename = login
    .toLowerCase()
    .replace(/[@]/g, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (nicename) addresses.add(`${base}/author/${nicename}/`);
  if (authorId) addresses.add(`${base}/?author=${authorId}`);
  return [...addresses];
}

/** The site's feeds under every name WordPress 2.x to 6.x answered. */
export function feedAddresses(base: string): { from: string; to: 'feed' | 'comments-feed' }[] {
  const feeds = ['/feed/', '/rss/', '/feed/rss/', '/feed/rss2/', '/feed/atom/', '/feed/rdf/', '/atom/'];
  const feedQueries = ['/?feed=rss2', '/?feed=rss', '/?feed=atom', '/?feed=rdf'];
  const oldScripts = ['/wp-rss2.php', '/wp-rss.php', '/wp-atom.php', '/wp-rdf.php'];
  const comments = ['/comments/feed/', '/comments/feed/atom/', '/?feed=comments-rss2', '/wp-commentsrss2.php'];
  return [
    ...[...feeds, ...feedQueries, ...oldScripts].map((path) => ({ from: base + path, to: 'feed' as const })),
    ...comments.map((path) => ({ from: base + path, to: 'comments-feed' as const })),
  ];
}
