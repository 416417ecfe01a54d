/**
 * What every exporter is given: where the blog lives and what it runs on.
 * The CLI (app/commands/export.ts) and the admin's download
 * (app/controllers/admin/export.ts) build it the same way.
 */
import type { Config } from '#config/environment.ts';
import { uploadDirs } from '#config/uploads.ts';
import { databaseKind } from '#app/database/index.ts';
import { folioVersion } from '#app/version.ts';
import { fallbackTheme, type ThemeRegistry } from '#app/themes/registry.ts';
import { currentSettings } from '#app/models/settings.ts';

export interface ExportContext {
  /** The blog's public address, no trailing slash ("https://blog.example"). */
  baseUrl: string;
  /** Where stored uploads live (`<root>/<storedName>`). */
  uploadsRoot: string;
  /** The active theme's folder, exported with the folio archive. */
  theme: { name: string; dir: string };
  databaseKind: 'sqlite' | 'postgresql';
  folioVersion: string;
  /** The export's instant: what counts as scheduled, and the manifest's date. */
  now: Date;
}

export async function exportContext(config: Config, themes: ThemeRegistry, now = new Date()): Promise<ExportContext> {
  const { theme: active } = await currentSettings();
  const theme = themes.get(active) ?? themes.get(fallbackTheme)!;
  return {
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    uploadsRoot: uploadDirs(config).root,
    theme: { name: theme.name, dir: theme.dir },
    databaseKind: databaseKind(config.databaseUrl),
    folioVersion: folioVersion(),
    now,
  };
}
