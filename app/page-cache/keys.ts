/**
 * The names of what a cached page used: records and listings (see README.md). Settings, the theme and the
 * navigation are on every page, so they have no key: a change to them expires everything.
 */
export const recordKey = {
  article: (id: number) => `article:${id}`,
  comment: (id: number) => `comment:${id}`,
  page: (id: number) => `page:${id}`,
  tag: (id: number) => `tag:${id}`,
  section: (id: number) => `section:${id}`,
  user: (id: number) => `user:${id}`,
};

export const listKey = {
  /** The home page and the site feeds. */
  home: 'list:home',
  /** A date archive: `2024`, `2024-03` or `2024-03-02` (a prefix of publishedOn). */
  date: (prefix: string) => `list:date:${prefix}`,
  tag: (id: number) => `list:tag:${id}`,
  section: (id: number) => `list:section:${id}`,
  author: (id: number) => `list:author:${id}`,
  /** /archives: every month with its count. */
  archives: 'list:archives',
  /** /tags: the tag cloud with counts. */
  tags: 'list:tags',
  sitemap: 'list:sitemap',
  /** The site-wide comment feeds. */
  comments: 'list:comments',
  /** An article's approved comments: its page and its comment feeds. */
  commentsOf: (articleId: number) => `list:comments-of:${articleId}`,
  /** An article page's previous/next links. */
  neighboursOf: (articleId: number) => `list:neighbours-of:${articleId}`,
};

/** Expires every page. */
export const everything = '*';

export function isListKey(key: string): boolean {
  return key.startsWith('list:');
}
