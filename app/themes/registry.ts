/**
 * The installed themes: one folder each under views/themes, read once at
 * boot. A theme name from settings or a URL is looked up here and never
 * joined into a path, so it cannot point anywhere else.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { appRoot } from '#app/root.ts';

export const themesDir = path.join(appRoot, 'views/themes');
export const fallbackTheme = 'default';

const manifestSchema = z.object({
  title: z.string().min(1),
  description: z.string().default(''),
  author: z.string().default(''),
  version: z.string().default('1.0.0'),
  homepage: z.string().optional(),
});

export interface Theme {
  name: string;
  dir: string;
  manifest: z.infer<typeof manifestSchema>;
  /** Template and partial paths the theme provides, like "templates/article.ejs". */
  files: ReadonlySet<string>;
  /** Changes whenever an asset changes, so asset URLs can be cached forever. */
  assetVersion: string;
  hasPreview: boolean;
}

export type ThemeRegistry = ReadonlyMap<string, Theme>;

export function loadThemes(dir = themesDir): ThemeRegistry {
  const themes = new Map<string, Theme>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^[a-z0-9][a-z0-9-]*$/.test(entry.name)) continue;
    const themeDir = path.join(dir, entry.name);
    const manifestFile = path.join(themeDir, 'theme.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = manifestSchema.safeParse(JSON.parse(readFileSync(manifestFile, 'utf8')));
    if (!manifest.success)
      throw new Error(
        `${manifestFile}: ${manifest.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    themes.set(entry.name, {
      name: entry.name,
      dir: themeDir,
      manifest: manifest.data,
      files: new Set(listFiles(themeDir).filter((f) => f.endsWith('.ejs'))),
      assetVersion: assetVersion(path.join(themeDir, 'assets')),
      hasPreview: existsSync(path.join(themeDir, 'preview.png')),
    });
  }
  if (!themes.has(fallbackTheme)) throw new Error(`the "${fallbackTheme}" theme is missing from ${dir}`);
  return themes;
}

/** Where a template may come from, in order: the active theme, then default. */
export function templateCandidates(themeName: string, file: string): string[] {
  return themeName === fallbackTheme
    ? [`${fallbackTheme}/${file}`]
    : [`${themeName}/${file}`, `${fallbackTheme}/${file}`];
}

/** The absolute path of the first candidate that exists, or null. */
export function resolveTemplate(themes: ThemeRegistry, themeName: string, file: string): string | null {
  for (const candidate of templateCandidates(themes.has(themeName) ? themeName : fallbackTheme, file)) {
    const [name, ...rest] = candidate.split('/');
    const theme = themes.get(name!);
    const relative = rest.join('/');
    if (theme?.files.has(relative)) return path.join(theme.dir, relative);
  }
  return null;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

function assetVersion(assetsDir: string): string {
  if (!existsSync(assetsDir)) return '0';
  const hash = createHash('sha256');
  for (const file of listFiles(assetsDir).sort()) {
    const stat = statSync(path.join(assetsDir, file));
    hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 10);
}
