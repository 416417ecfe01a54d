/**
 * The one route table, read top to bottom: specific paths first, then the
 * date-shaped permalinks and archives. Express 5 forwards rejected promises
 * to the error handler, so actions need no try/catch.
 */
import { Router } from 'express';
import * as home from '#app/controllers/home.ts';
import * as articles from '#app/controllers/articles.ts';
import * as archives from '#app/controllers/archives.ts';
import * as comments from '#app/controllers/comments.ts';
import * as tags from '#app/controllers/tags.ts';
import * as sections from '#app/controllers/sections.ts';
import * as authors from '#app/controllers/authors.ts';
import * as pages from '#app/controllers/pages.ts';
import * as search from '#app/controllers/search.ts';
import * as feeds from '#app/controllers/feeds.ts';
import * as sitemap from '#app/controllers/sitemap.ts';
import * as themeAssets from '#app/controllers/theme-assets.ts';

export function publicRoutes(): Router {
  const r = Router({ strict: false });

  r.get('/themes/:theme/assets/*file', themeAssets.show);
  r.get('/robots.txt', sitemap.robots);
  r.get('/sitemap.xml', sitemap.show);

  r.get('/', home.index);
  r.get('/page/:n', home.index);
  r.get('/articles.:format', feeds.articles);
  r.get('/comments.:format', feeds.comments);
  r.get('/articles/*path', articles.legacyRedirect);

  r.get('/archives', archives.index);
  r.get('/search', search.index);
  r.get('/tags', tags.index);
  r.get('/tag/:tag.:format', feeds.tag);
  r.get('/tag/:tag', tags.show);
  r.get('/tag/:tag/page/:n', tags.show);
  r.get('/section/:slug.:format', feeds.section);
  r.get('/section/:slug', sections.show);
  r.get('/section/:slug/page/:n', sections.show);
  r.get('/author/:login.:format', feeds.author);
  r.get('/author/:login', authors.show);
  r.get('/author/:login/page/:n', authors.show);
  r.get('/pages/:slug', pages.show);

  r.get('/:year/:month/:day/:slug.:format', feeds.articleComments);
  r.post('/:year/:month/:day/:slug/comments', comments.create);
  r.get('/:year/page/:n', archives.byDate);
  r.get('/:year/:month/page/:n', archives.byDate);
  r.get('/:year/:month/:day/page/:n', archives.byDate);
  r.get('/:year/:month/:day/:slug', articles.show);
  r.get('/:year/:month/:day', archives.byDate);
  r.get('/:year/:month', archives.byDate);
  r.get('/:year', archives.byDate);

  return r;
}
