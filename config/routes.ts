/**
 * The route table, read top to bottom: specific paths first, then the
 * date-shaped permalinks and archives. Express 5 forwards rejected promises
 * to the error handler, so actions need no try/catch. The back office's
 * table is config/admin-routes.ts.
 */
import express, { Router } from 'express';
import type { Config } from '#config/environment.ts';
import * as home from '#app/controllers/home.ts';
import * as articles from '#app/controllers/articles.ts';
import * as archives from '#app/controllers/archives.ts';
import * as comments from '#app/controllers/comments.ts';
import * as subscriptions from '#app/controllers/subscriptions.ts';
import * as tags from '#app/controllers/tags.ts';
import * as sections from '#app/controllers/sections.ts';
import * as authors from '#app/controllers/authors.ts';
import * as pages from '#app/controllers/pages.ts';
import * as search from '#app/controllers/search.ts';
import * as feeds from '#app/controllers/feeds.ts';
import * as typoFeeds from '#app/controllers/typo-feeds.ts';
import * as sitemap from '#app/controllers/sitemap.ts';
import * as themeAssets from '#app/controllers/theme-assets.ts';
import * as uploads from '#app/controllers/uploads.ts';
import * as metrics from '#app/controllers/metrics.ts';
import { metricsAccess } from '#app/monitor/metrics/access.ts';
import { refuseInvalidBody } from '#app/middleware/input-validity.ts';
import { micropubBody, micropubMediaUpload, xmlRpcBody } from '#app/middleware/api-bodies.ts';
import * as rsd from '#app/controllers/rsd.ts';
import * as xmlrpc from '#app/controllers/xmlrpc.ts';
import * as micropub from '#app/controllers/micropub.ts';
import * as micropubMedia from '#app/controllers/micropub-media.ts';
import * as webmentions from '#app/controllers/webmentions.ts';
import * as indieAuth from '#app/controllers/indieauth.ts';

/**
 * Paths that other sites may POST to (XML-RPC, Webmention, a mail client's
 * one-click unsubscribe, RFC 8058): exempt from the cross-site refusal
 * (app/middleware/cross-site.ts), and nothing else is.
 */
export const crossSiteWriteExemptions: readonly (string | RegExp)[] = [
  /^\/subscriptions\/[\w.-]+\/deletion$/,
  '/xmlrpc',
  '/micropub',
  '/micropub/media',
  '/webmention',
  '/indieauth/token',
  '/indieauth/revocation',
  // An IndieAuth client redeeming a code for the signed-in profile (no session, no cookie).
  '/admin/indieauth/authorization',
];

/**
 * GET /metrics for Prometheus, mounted before the page cache and sessions (config/application.ts) and only
 * when metrics are on. A reader who may not see it falls through to the blog's own 404.
 */
export function monitoringRoutes(config: Config): Router {
  const r = Router({ strict: false, caseSensitive: true });
  r.get('/metrics', metricsAccess(config.monitoring), metrics.show);
  return r;
}

/**
 * The endpoints other software talks to: desktop editors (RSD, XML-RPC),
 * Micropub apps and IndieAuth clients, and other sites' webmentions. Each
 * parses its own body (app/middleware/api-bodies.ts); none has a session
 * or a CSRF token: clients prove themselves with application passwords or
 * tokens (app/models/app-password.ts). The paths are listed in
 * openWebPaths, so other requests never enter this router.
 */
export function openWebRoutes(config: Config): Router {
  const r = Router({ strict: false, caseSensitive: true });
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });
  r.get('/rsd.xml', rsd.show);
  r.get('/xmlrpc', xmlrpc.explain);
  r.post('/xmlrpc', xmlRpcBody(config), refuseInvalidBody, xmlrpc.call);
  r.get('/micropub', micropub.query, micropub.refusal);
  r.post(
    '/micropub',
    micropubBody(config),
    micropubMediaUpload(config, ['photo', 'photo[]']),
    refuseInvalidBody,
    micropub.post,
    micropub.refusal,
  );
  r.post(
    '/micropub/media',
    micropubMediaUpload(config),
    refuseInvalidBody,
    micropubMedia.create,
    micropubMedia.refusal,
  );
  r.post('/webmention', form, refuseInvalidBody, webmentions.create);
  r.get('/.well-known/oauth-authorization-server', indieAuth.metadata);
  r.get('/indieauth/token', indieAuth.tokenInfo);
  r.post('/indieauth/token', form, refuseInvalidBody, indieAuth.token);
  r.post('/indieauth/revocation', form, refuseInvalidBody, indieAuth.revocation);
  return r;
}

export const openWebPaths: ReadonlySet<string> = new Set([
  '/rsd.xml',
  '/xmlrpc',
  '/micropub',
  '/micropub/media',
  '/webmention',
  '/.well-known/oauth-authorization-server',
  '/indieauth/token',
  '/indieauth/revocation',
]);

export function publicRoutes(): Router {
  const r = Router({ strict: false, caseSensitive: true });

  r.get('/themes/:theme/assets/*file', themeAssets.show);
  r.get('/uploads/*file', uploads.show);
  r.get('/robots.txt', sitemap.robots);
  r.get('/sitemap.xml', sitemap.show);

  r.get('/', home.index);
  r.get('/page/:n', home.index);
  r.get('/articles.:format', feeds.articles);
  r.get('/comments.:format', feeds.comments);
  r.get('/articles/*path', articles.legacyRedirect);
  // Typo's feed URLs (its config/routes.rb), each moved permanently to its Folio feed.
  r.get('/xml/articlerss/:id/feed.xml', typoFeeds.articleComments);
  r.get('/xml/commentrss/feed.xml', typoFeeds.comments);
  r.get('/xml/:format/feed.xml', typoFeeds.articles);
  r.get('/xml/:format/feed/feed.xml', typoFeeds.articles);
  r.get('/xml/:format/comments/feed.xml', typoFeeds.comments);
  r.get('/xml/:format/article/:id/feed.xml', typoFeeds.articleComments);
  r.get('/xml/:format/tag/:id/feed.xml', typoFeeds.tag);
  r.get('/xml/:format/category/:id/feed.xml', typoFeeds.category);
  r.get('/xml/:format/author/:id/feed.xml', typoFeeds.author);
  r.get('/xml/:format', typoFeeds.articles);

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
  // The links in reply-subscription mails: a GET asks, a POST does it (see the controller).
  r.get('/subscriptions/:token/confirmation', subscriptions.askConfirmation);
  r.post('/subscriptions/:token/confirmation', subscriptions.confirm);
  r.get('/subscriptions/:token/deletion', subscriptions.askDeletion);
  r.post('/subscriptions/:token/deletion', subscriptions.destroy);

  r.get('/:year/:month/:day/:slug.:format', feeds.articleComments);
  r.post('/:year/:month/:day/:slug/comments/preview', comments.preview);
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
