/**
 * The back office's route table, mounted at /admin (config/application.ts);
 * the public, feed and client-API routes are config/routes.ts.
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
import * as adminUploads from '#app/controllers/admin/uploads.ts';
import * as adminExport from '#app/controllers/admin/export.ts';
import * as adminNotifications from '#app/controllers/admin/notifications.ts';
import { receiveUploads } from '#app/middleware/uploads.ts';
import * as adminImports from '#app/controllers/admin/imports.ts';
import * as adminAlerts from '#app/controllers/admin/alerts.ts';
import { receiveImportFiles } from '#app/middleware/import-upload.ts';
import { refuseInvalidBody } from '#app/middleware/input-validity.ts';
import * as adminIndieAuth from '#app/controllers/admin/indieauth.ts';
import * as appPasswords from '#app/controllers/admin/app-passwords.ts';
import * as articleRestoration from '#app/controllers/admin/articles/restoration.ts';
import { refuseCrossSiteWrites } from '#app/middleware/cross-site.ts';
import { crossSiteWriteExemptions } from '#config/routes.ts';

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
