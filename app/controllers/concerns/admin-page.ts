/**
 * Renders an admin view (views/admin/<view>.ejs) inside views/layouts/admin.ejs.
 * Every admin page gets the signed-in user, the CSRF token and the flash.
 */
import ejs from 'ejs';
import path from 'node:path';
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { csrfToken } from '#app/middleware/csrf.ts';
import { adminHelpersIn } from '#app/helpers/admin.ts';
import { currentSettings } from '#app/models/settings.ts';
import { appRoot } from '#app/root.ts';

const viewsDir = path.join(appRoot, 'views');

export interface AdminPageOptions {
  status?: number;
  title: string;
  /** The nav item to mark as current. */
  section?: string;
}

export async function renderAdmin(
  req: Request,
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  options: AdminPageOptions,
): Promise<void> {
  const { config, metrics } = appContext(req);
  const cache = config.env !== 'development';
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  const shared = {
    currentUser: req.currentUser ?? null,
    csrfToken: csrfToken(req),
    flash: flash ?? null,
    title: options.title,
    section: options.section ?? '',
    h: await adminHelpersOf(),
  };
  const started = performance.now();
  const content = await ejs.renderFile(
    path.join(viewsDir, 'admin', `${view}.ejs`),
    { ...shared, ...locals },
    { cache, root: viewsDir, views: [viewsDir] },
  );
  const html = await ejs.renderFile(
    path.join(viewsDir, 'layouts/admin.ejs'),
    { ...shared, content },
    { cache, root: viewsDir },
  );
  metrics?.renderSeconds.observe((performance.now() - started) / 1000);
  res
    .status(options.status ?? 200)
    .type('html')
    .setHeader('Cache-Control', 'no-store')
    .send(html);
}

/** The admin's helpers in the blog's time zone; UTC when the settings cannot be read (an error page must still render). */
export async function adminHelpersOf() {
  const settings = await currentSettings().catch(() => null);
  return adminHelpersIn(settings?.timeZone ?? 'UTC');
}

/** A message shown once on the next admin page (after a redirect). */
export function flash(req: Request, kind: 'notice' | 'alert', message: string): void {
  req.session.flash = { kind, message };
}
