/** Sends a themed page: site chrome, meta tags and feeds around a template. */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { currentSettings } from '#app/models/settings.ts';
import { navigationSections } from '#app/models/section.ts';
import { presentSite, type FeedLink } from '#app/presenters/site.ts';
import type { TemplateData, TemplateName } from '#app/presenters/template-data.ts';
import { viewHelpers } from '#app/helpers/index.ts';
import { fallbackTheme } from '#app/themes/registry.ts';
import { discoveryLinks, webmentionLinkHeader } from '#app/presenters/discovery-links.ts';
import { presentLinkPreview, type PreviewSubject } from '#app/presenters/link-preview.ts';
import { presentImage } from '#app/presenters/image.ts';
import { findDefaultImage } from '#app/models/default-image.ts';

export interface PageOptions {
  status?: number;
  /** The page's own title; the blog title is added after it. */
  title?: string;
  description?: string;
  /** This page's own feeds (a tag's, an article's comments), advertised after the blog's. */
  feeds?: FeedLink[];
  /** The page's canonical path when another address shows the same thing; defaults to the request's. */
  canonicalPath?: string;
  /** Newest change shown, for conditional GET. */
  lastModified?: Date;
  /** What the page shows, for its link preview (OpenGraph, Twitter card, JSON-LD); none for listings. */
  preview?: PreviewSubject;
}

/** Renders `template` of the active theme with `data` (its type is the template's, see TemplateData) and sends it. */
export async function renderPage<T extends TemplateName>(
  req: Request,
  res: Response,
  template: T,
  data: TemplateData[T],
  options: PageOptions = {},
): Promise<void> {
  const { config, themes, renderer } = appContext(req);
  const [settings, sections] = await Promise.all([currentSettings(), navigationSections()]);
  const defaultImage = await findDefaultImage(settings);
  const themeName = themes.has(settings.theme) ? settings.theme : fallbackTheme;
  const theme = themes.get(themeName)!;
  const site = presentSite(settings, sections, config.baseUrl);
  const canonical = config.baseUrl + (options.canonicalPath ?? req.path);
  const preview = presentLinkPreview(options.preview, {
    baseUrl: config.baseUrl,
    siteName: site.title,
    canonical,
    title: options.title ?? site.title,
    description: options.description ?? site.subtitle,
    defaultImage: defaultImage && presentImage(defaultImage, site.title),
  });
  const meta = {
    title: options.title ? `${options.title} · ${site.title}` : site.title,
    description: options.description ?? (options.preview ? preview.description : site.subtitle),
    // The blog's feed comes first on every page: most readers arrive on an
    // article, and a feed reader or browser offers the first link it finds.
    feeds: [...site.feeds, ...(options.feeds ?? []).filter((feed) => !site.feeds.some((own) => own.url === feed.url))],
    canonical,
    links: discoveryLinks(config.baseUrl, settings),
    preview,
  };
  const html = renderer.renderPage(themeName, template, {
    site,
    meta,
    theme: { name: themeName, asset: (file: string) => `/themes/${themeName}/assets/${file}?v=${theme.assetVersion}` },
    h: viewHelpers(settings.timeZone),
    ...data,
  });
  if (options.lastModified) res.setHeader('Last-Modified', options.lastModified.toUTCString());
  // Webmention senders look at the HTTP header before the page's <link>. Appended: other Link headers may be set.
  if (settings.webmentions) res.append('Link', webmentionLinkHeader(config.baseUrl));
  res
    .status(options.status ?? 200)
    .type('html')
    .send(html);
}
