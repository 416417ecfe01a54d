/** The blog-wide data every page's layout sees as `site`. */
import type { BlogSettings } from '#app/models/settings.ts';
import { sectionPath, feedPath } from '#app/helpers/permalinks.ts';

export interface SiteView {
  title: string;
  subtitle: string;
  /** The blog's absolute base URL. */
  url: string;
  /** The theme chosen in the settings. */
  theme: string;
  /** The navigation: the sections, in their order. */
  sections: { name: string; url: string }[];
  /** The blog's own Atom and RSS feeds. */
  feeds: FeedLink[];
  /** This year, for the copyright line. */
  year: number;
}

export interface FeedLink {
  title: string;
  url: string;
  type: 'application/atom+xml' | 'application/rss+xml';
}

export function presentSite(
  settings: BlogSettings,
  sections: { name: string; slug: string }[],
  baseUrl: string,
): SiteView {
  return {
    title: settings.blogTitle,
    subtitle: settings.subtitle,
    url: baseUrl,
    theme: settings.theme,
    sections: sections.map((s) => ({ name: s.name, url: sectionPath(s.slug) })),
    feeds: feedLinks('/', `${settings.blogTitle}: articles`),
    year: new Date().getFullYear(),
  };
}

/** The Atom and RSS links of a page whose feed lives at `basePath` + suffix. */
export function feedLinks(basePath: string, title: string): FeedLink[] {
  return [
    { title: `${title} (Atom)`, url: feedPath(basePath, 'atom'), type: 'application/atom+xml' },
    { title: `${title} (RSS)`, url: feedPath(basePath, 'rss'), type: 'application/rss+xml' },
  ];
}
