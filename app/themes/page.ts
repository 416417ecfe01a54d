/** Sends a themed page: site chrome, meta tags and feeds around a template. */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { currentSettings } from '#app/models/settings.ts';
import { navigationSections } from '#app/models/section.ts';
import { presentSite, type FeedLink } from '#app/presenters/site.ts';
import { viewHelpers } from '#app/helpers/index.ts';
import { fallbackTheme } from '#app/themes/registry.ts';
import type { TemplateLocals } from '#app/themes/render.ts';

export interface PageOptions {
  status?: number;
  /** The page's own title; the blog title is added after it. */
  title?: string;
  description?: string;
  /** This page's feeds for <link rel="alternate">; defaults to the site's. */
  feeds?: FeedLink[];
  /** Newest change shown, for conditional GET. */
  lastModified?: Date;
}

export async function renderPage(req: Request, res: Response, template: string, locals: TemplateLocals, options: PageOptions = {}): Promise<void> {
  const { config, themes, renderer } = appContext(req);
  const [settings, sections] = await Promise.all([currentSettings(), navigationSections()]);
  const themeName = themes.has(settings.theme) ? settings.theme : fallbackTheme;
  const theme = themes.get(themeName)!;
  const site = presentSite(settings, sections, config.baseUrl);
  const meta = {
    title: options.title ? `${options.title} · ${site.title}` : site.title,
    description: options.description ?? site.subtitle,
    feeds: options.feeds ?? site.feeds,
    canonical: config.baseUrl + req.path,
  };
  const html = renderer.renderPage(themeName, template, {
    site,
    meta,
    theme: { name: themeName, asset: (file: string) => `/themes/${themeName}/assets/${file}?v=${theme.assetVersion}` },
    h: viewHelpers(settings.timeZone),
    ...locals,
  });
  if (options.lastModified) res.setHeader('Last-Modified', options.lastModified.toUTCString());
  res.status(options.status ?? 200).type('html').send(html);
}
