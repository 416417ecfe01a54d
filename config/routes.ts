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
import * as adminComments from '#app/controllers/admin/comments.ts';
import * as profile from '#app/controllers/admin/profile.ts';
import * as adminThemes from '#app/controllers/admin/themes.ts';
import * as adminSettings from '#app/controllers/admin/settings.ts';
import * as adminCache from '#app/controllers/admin/cache.ts';
import * as adminActivity from '#app/controllers/admin/activity.ts';
import * as adminUsers from '#app/controllers/admin/users.ts';
import * as adminPages from '#app/controllers/admin/pages.ts';
import * as adminSections from '#app/controllers/admin/sections.ts';
import * as adminTags from '#app/controllers/admin/tags.ts';
import * as adminRedirects from '#app/controllers/admin/redirects.ts';
import * as adminArticles from '#app/controllers/admin/articles/index.ts';
import * as articleEditor from '#app/controllers/admin/articles/editor.ts';
import * as articlePreview from '#app/controllers/admin/articles/preview.ts';
import * as articleAutosave from '#app/controllers/admin/articles/autosave.ts';
import * as articleRevisions from '#app/controllers/admin/articles/revisions.ts';
import * as articleDeletion from '#app/controllers/admin/articles/deletion.ts';
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
import * as adminUploads from '#app/controllers/admin/uploads.ts';
import * as adminExport from '#app/controllers/admin/export.ts';
import * as adminNotifications from '#app/controllers/admin/notifications.ts';
import { receiveUploads } from '#app/middleware/uploads.ts';
import * as adminImports from '#app/controllers/admin/imports.ts';
import * as adminAlerts from '#app/controllers/admin/alerts.ts';
import * as metrics from '#app/controllers/metrics.ts';
import { metricsAccess } from '#app/monitor/metrics/access.ts';
import { receiveImportFiles } from '#app/middleware/import-upload.ts';
import { refuseInvalidBody } from '#app/middleware/input-validity.ts';
import { refuseCrossSiteWrites } from '#app/middleware/cross-site.ts';
import { micropubBody, micropubMediaUpload, xmlRpcBody } from '#app/middleware/api-bodies.ts';
import * as rsd from '#app/controllers/rsd.ts';
import * as xmlrpc from '#app/controllers/xmlrpc.ts';
import * as micropub from '#app/controllers/micropub.ts';
import * as micropubMedia from '#app/controllers/micropub-media.ts';
import * as webmentions from '#app/controllers/webmentions.ts';
import * as indieAuth from '#app/controllers/indieauth.ts';
import * as adminIndieAuth from '#app/controllers/admin/indieauth.ts';
import * as appPasswords from '#app/controllers/admin/app-passwords.ts';
import * as articleRestoration from '#app/controllers/admin/articles/restoration.ts';

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

/**
 * The back office, mounted at /admin. Sessions, CSRF and the signed-in user
 * exist only here. Routes after requireSignIn need a user; those after
 * requireAdmin need an administrator: the server enforces roles everywhere.
 */
export function adminRoutes(config: Config): Router {
  const r = Router({ strict: false, caseSensitive: true });
  r.use(express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 500 }));
  r.use(express.json({ limit: '2mb' }));
  r.use(refuseInvalidBody);
  r.use(adminSession(config));
  r.use(loadCurrentUser);
  r.use(refuseCrossSiteWrites(config, crossSiteWriteExemptions));
  // Uploads are multipart: the token is a body field (never in the URL), so receiveUploads runs
  // csrfProtection itself on the fields it has read, before it writes the first file.
  r.post(
    '/assets',
    requireSignIn,
    receiveUploads(config, csrfProtection),
    refuseInvalidBody,
    adminUploads.create,
    adminUploads.refused,
  );
  // Tools → Import: the export comes multipart too, checked the same way (administrators only).
  r.post(
    '/imports',
    requireSignIn,
    requireAdmin,
    receiveImportFiles(config, csrfProtection),
    refuseInvalidBody,
    adminImports.create,
    adminImports.refused,
  );
  // IndieAuth: a client redeeming its code (a server-to-server POST, before CSRF); the consent page is below.
  r.post('/indieauth/authorization', express.urlencoded({ extended: false, limit: '16kb' }), adminIndieAuth.redeem);
  r.use(csrfProtection);

  r.get('/setup', setup.newAdmin);
  r.post('/setup', setup.create);
  r.get('/sign-in', sessions.newSession);
  r.post('/sign-in', sessions.create);
  r.post('/sign-out', sessions.destroy);

  r.use(requireSignIn);
  r.get('/', dashboard.show);
  r.get('/profile', profile.edit);
  r.post('/profile', profile.update);
  r.get('/app-passwords', appPasswords.index);
  r.post('/app-passwords', appPasswords.create);
  r.post('/app-passwords/:id/deletion', appPasswords.destroy);
  r.get('/indieauth/authorization', adminIndieAuth.authorization);
  r.post('/indieauth/approval', adminIndieAuth.approve);

  // -- authors and admins: articles, uploads, comments on their own articles --
  r.get('/articles', adminArticles.index);
  r.get('/articles/new', articleEditor.newArticle);
  r.post('/articles', articleEditor.create);
  r.post('/articles/preview', articlePreview.create);
  r.post('/articles/autosave', articleAutosave.create);
  r.get('/articles/:id', articleEditor.show);
  r.post('/articles/:id', articleEditor.update);
  r.get('/articles/:id/edit', articleEditor.edit);
  r.post('/articles/:id/preview', articlePreview.create);
  r.post('/articles/:id/autosave', articleAutosave.create);
  r.get('/articles/:id/revisions', articleRevisions.index);
  r.get('/articles/:id/revisions/:revisionId', articleRevisions.show);
  r.post('/articles/:id/revisions/:revisionId/restoration', articleRevisions.restore);
  r.get('/articles/:id/deletion', articleDeletion.show);
  r.post('/articles/:id/deletion', articleDeletion.destroy);
  r.post('/articles/:id/restoration', articleRestoration.create);
  r.get('/assets', adminUploads.index);
  r.get('/assets.json', adminUploads.search);
  r.get('/assets/:id/deletion', adminUploads.confirmDeletion);
  r.post('/assets/:id/deletion', adminUploads.destroy);
  r.get('/comments', adminComments.index);
  r.post('/comments/approval', adminComments.approve);
  r.post('/comments/spam-marking', adminComments.markSpam);
  r.post('/comments/deletion', adminComments.destroy);
  r.get('/comments/spam/deletion', adminComments.confirmSpamDeletion);
  r.get('/comments/:id', adminComments.show);
  r.post('/comments/spam/deletion', adminComments.destroySpam);

  r.use(requireAdmin);
  // -- administrators only: pages, sections, tags, themes, redirects, settings, users, and Activity (the whole
  //    site's traffic and health, alerts included: nothing an author can act on) --
  r.get('/pages', adminPages.index);
  r.get('/pages/new', adminPages.newPage);
  r.post('/pages', adminPages.create);
  r.get('/pages/:id/edit', adminPages.edit);
  r.post('/pages/:id', adminPages.update);
  r.get('/pages/:id/deletion', adminPages.confirmDeletion);
  r.post('/pages/:id/deletion', adminPages.destroy);
  r.get('/sections', adminSections.index);
  r.get('/sections/new', adminSections.newSection);
  r.post('/sections', adminSections.create);
  r.get('/sections/:id/edit', adminSections.edit);
  r.post('/sections/:id', adminSections.update);
  r.post('/sections/:id/position', adminSections.move);
  r.post('/sections/:id/deletion', adminSections.destroy);
  r.get('/tags', adminTags.index);
  r.get('/tags/:id/edit', adminTags.edit);
  r.post('/tags/:id', adminTags.update);
  r.post('/tags/:id/merger', adminTags.merge);
  r.post('/tags/:id/deletion', adminTags.destroy);
  r.get('/themes', adminThemes.index);
  r.get('/themes/:name/preview.png', adminThemes.preview);
  r.post('/themes/:name/activation', adminThemes.activate);
  r.get('/activity', adminActivity.show);
  r.get('/activity/live', adminActivity.live);
  r.get('/cache', adminCache.show);
  r.post('/cache/clearing', adminCache.clear);
  r.get('/redirects', adminRedirects.index);
  r.get('/redirects/new', adminRedirects.newRedirect);
  r.post('/redirects', adminRedirects.create);
  r.get('/redirects/:id/edit', adminRedirects.edit);
  r.post('/redirects/:id', adminRedirects.update);
  r.get('/redirects/:id/deletion', adminRedirects.confirmDeletion);
  r.post('/redirects/:id/deletion', adminRedirects.destroy);
  r.get('/settings', adminSettings.edit);
  r.post('/settings', adminSettings.update);
  r.get('/users', adminUsers.index);
  r.get('/users/new', adminUsers.newUser);
  r.post('/users', adminUsers.create);
  r.get('/users/:id/edit', adminUsers.edit);
  r.post('/users/:id', adminUsers.update);
  r.post('/users/:id/password', adminUsers.updatePassword);
  r.get('/users/:id/deletion', adminUsers.confirmDeletion);
  r.post('/users/:id/deletion', adminUsers.destroy);
  r.get('/imports', adminImports.index);
  r.get('/imports/:id', adminImports.show);
  r.get('/imports/:id/progress', adminImports.progress);
  r.post('/imports/:id/run', adminImports.run);
  r.post('/imports/:id/deletion', adminImports.destroy);
  r.get('/export', adminExport.show);
  r.get('/export/download', adminExport.download);
  r.get('/alerts', adminAlerts.index);
  r.post('/alerts/rules/:kind', adminAlerts.updateRule);
  r.post('/alerts/rules/:kind/defaults', adminAlerts.restoreDefaults);
  r.get('/notifications', adminNotifications.index);
  r.post('/notifications/:id/delivery', adminNotifications.deliver);
  r.post('/notifications/:id/deletion', adminNotifications.destroy);

  return r;
}
