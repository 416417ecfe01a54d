/**
 * The one route table, read top to bottom: specific paths first, then the
 * date-shaped permalinks and archives. Express 5 forwards rejected promises
 * to the error handler, so actions need no try/catch.
 */
import express, { Router } from 'express';
import type { Config } from '#config/environment.ts';
import { adminSession } from '#app/middleware/session.ts';
import { csrfProtection } from '#app/middleware/csrf.ts';
import { loadCurrentUser, requireSignIn, requireAdmin } from '#app/middleware/authentication.ts';
import * as setup from '#app/controllers/admin/setup.ts';
import * as sessions from '#app/controllers/admin/sessions.ts';
import * as dashboard from '#app/controllers/admin/dashboard.ts';
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

/**
 * The back office, mounted at /admin. Sessions, CSRF and the signed-in user
 * exist only here. Routes after requireSignIn need a user; those after
 * requireAdmin need an administrator: the server enforces roles everywhere.
 */
export function adminRoutes(config: Config): Router {
  const r = Router({ strict: false });
  r.use(express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 500 }));
  r.use(express.json({ limit: '2mb' }));
  r.use(adminSession(config));
  r.use(loadCurrentUser);
  r.use(csrfProtection);

  r.get('/setup', setup.newAdmin);
  r.post('/setup', setup.create);
  r.get('/sign-in', sessions.newSession);
  r.post('/sign-in', sessions.create);
  r.post('/sign-out', sessions.destroy);

  r.use(requireSignIn);
  r.get('/', dashboard.show);

  // -- authors and admins: articles, uploads, comments on their own articles --

  r.use(requireAdmin);
  // -- administrators only: pages, sections, tags, themes, settings, users --

  return r;
}
