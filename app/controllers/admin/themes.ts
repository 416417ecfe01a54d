import path from 'node:path';
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { currentSettings, updateSettings } from '#app/models/settings.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { fallbackTheme } from '#app/themes/registry.ts';

/** GET /admin/themes: the installed themes (from the filesystem), the active one marked. */
export async function index(req: Request, res: Response) {
  const { themes } = appContext(req);
  const settings = await currentSettings();
  const active = themes.has(settings.theme) ? settings.theme : fallbackTheme;
  const list = [...themes.values()].sort(
    (a, b) => Number(b.name === active) - Number(a.name === active) || a.name.localeCompare(b.name),
  );
  await renderAdmin(req, res, 'themes/index', { themes: list, active }, { title: 'Themes', section: 'themes' });
}

/** POST /admin/themes/:name/activation */
export async function activate(req: Request, res: Response) {
  const { themes } = appContext(req);
  const theme = themes.get(String(req.params.name));
  if (!theme) throw notFound('No installed theme has that name.');
  await updateSettings({ theme: theme.name }, [...themes.keys()]);
  flash(req, 'notice', `The blog now uses the ${theme.manifest.title} theme.`);
  res.redirect(303, '/admin/themes');
}

/** GET /admin/themes/:name/preview.png: looked up in the registry, never joined from the URL. */
export function preview(req: Request, res: Response) {
  const theme = appContext(req).themes.get(String(req.params.name));
  if (!theme?.hasPreview) throw notFound('That theme has no preview.');
  res.sendFile(path.join(theme.dir, 'preview.png'), {
    headers: { 'Cache-Control': 'private, max-age=3600' },
    dotfiles: 'deny',
  });
}
