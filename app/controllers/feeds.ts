import type { Request, Response } from 'express';
import { listVisibleArticles, newestApprovedComments, type ListingFilter } from '#app/models/article/reading.ts';
import { currentSettings } from '#app/models/settings.ts';
import { lastChangedAt, newest } from '#app/models/changes.ts';
import { renderFeed, feedContentTypes, type FeedFormat, type FeedItem } from '#app/feeds/index.ts';
import { articleFeedItem, commentFeedItem } from '#app/presenters/feed.ts';
import { tagPath, sectionPath, authorPath, articlePath, feedPath, absoluteUrl } from '#app/helpers/permalinks.ts';
import { appContext } from '#app/context.ts';
import { feedFormat } from '#app/controllers/concerns/params.ts';
import { tagNamed, blogSectionNamed, authorNamed } from '#app/controllers/concerns/named-records.ts';
import { loadArticle } from '#app/controllers/concerns/article-loader.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { pageUses, listKey, recordKey } from '#app/page-cache/index.ts';

const feedSize = 20;

/** GET /articles.atom|rss */
export async function articles(req: Request, res: Response) {
  await articleFeed(req, res, { kind: 'all' }, '/', '', [listKey.home]);
}

/** GET /tag/:tag.atom|rss */
export async function tag(req: Request, res: Response) {
  const found = await tagNamed(String(req.params.tag), appContext(req).clock.now());
  await articleFeed(req, res, { kind: 'tag', tagId: found.id }, tagPath(found.slug), `articles tagged ${found.name}`, [
    listKey.tag(found.id),
    recordKey.tag(found.id),
  ]);
}

/** GET /section/:slug.atom|rss */
export async function section(req: Request, res: Response) {
  const found = await blogSectionNamed(String(req.params.slug));
  await articleFeed(req, res, { kind: 'section', sectionId: found.id }, sectionPath(found.slug), found.name, [
    listKey.section(found.id),
    recordKey.section(found.id),
  ]);
}

/** GET /author/:login.atom|rss */
export async function author(req: Request, res: Response) {
  const found = await authorNamed(String(req.params.login));
  await articleFeed(
    req,
    res,
    { kind: 'author', authorId: found.id },
    authorPath(found.login),
    `articles by ${found.displayName}`,
    [listKey.author(found.id), recordKey.user(found.id)],
  );
}

/** GET /comments.atom|rss: the newest approved comments on visible articles. */
export async function comments(req: Request, res: Response) {
  const format = formatOrNotFound(req);
  const { config } = appContext(req);
  const rows = await newestApprovedComments(feedSize, null, appContext(req).clock.now());
  pageUses(res)
    .add(listKey.comments)
    .comments(rows)
    .articles(rows.map((c) => ({ id: c.articleId })));
  await sendFeed(
    req,
    res,
    format,
    '/comments',
    'comments',
    rows.map((c) => commentFeedItem(c, c.article, config.baseUrl)),
  );
}

/** GET /:year/:month/:day/:slug.atom|rss: one article's approved comments. */
export async function articleComments(req: Request, res: Response) {
  const format = formatOrNotFound(req);
  const { article } = await loadArticle(req);
  const { config } = appContext(req);
  const rows = await newestApprovedComments(feedSize, article.id, appContext(req).clock.now());
  pageUses(res).add(listKey.commentsOf(article.id)).articles([article]).comments(rows);
  await sendFeed(
    req,
    res,
    format,
    articlePath(article),
    `comments on “${article.title}”`,
    rows.map((c) => commentFeedItem(c, article, config.baseUrl)),
    lastChangedAt(article),
  );
}

async function articleFeed(
  req: Request,
  res: Response,
  filter: ListingFilter,
  basePath: string,
  what: string,
  uses: string[],
) {
  const format = formatOrNotFound(req);
  const { config } = appContext(req);
  const { articles: rows } = await listVisibleArticles(filter, 1, feedSize, appContext(req).clock.now());
  pageUses(res)
    .add(...uses)
    .articles(rows);
  await sendFeed(
    req,
    res,
    format,
    basePath,
    what,
    rows.map((a) => articleFeedItem(a, config.baseUrl)),
  );
}

async function sendFeed(
  req: Request,
  res: Response,
  format: FeedFormat,
  basePath: string,
  what: string,
  items: FeedItem[],
  fallbackUpdated?: Date,
) {
  const { config } = appContext(req);
  const settings = await currentSettings();
  const updatedAt = newest(items.map((i) => i.updatedAt)) ?? fallbackUpdated ?? settings.updatedAt;
  const feedUrl = absoluteUrl(config.baseUrl, feedPath(basePath, format));
  const hub = settings.websubHub || undefined;
  const xml = renderFeed(format, {
    title: what ? `${settings.blogTitle}: ${what}` : settings.blogTitle,
    subtitle: settings.subtitle,
    siteUrl: absoluteUrl(config.baseUrl, basePath === '/comments' ? '/' : basePath),
    feedUrl,
    hub,
    updatedAt,
    items,
    alternate: {
      atom: absoluteUrl(config.baseUrl, feedPath(basePath, 'atom')),
      rss: absoluteUrl(config.baseUrl, feedPath(basePath, 'rss')),
    },
  });
  res.setHeader('Last-Modified', updatedAt.toUTCString());
  // WebSub discovery reads these headers first; a copy served from the page cache has the links in the XML only.
  if (hub) res.setHeader('Link', `<${new URL(hub).href}>; rel="hub", <${feedUrl}>; rel="self"`);
  res.type(feedContentTypes[format]).send(xml);
}

function formatOrNotFound(req: Request): FeedFormat {
  const format = feedFormat(req);
  if (!format) throw notFound(`There is no ".${String(req.params.format)}" feed; try .atom or .rss.`);
  return format;
}
