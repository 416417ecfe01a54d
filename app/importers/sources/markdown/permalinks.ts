/** The address a Jekyll or Hugo site gave a file, from its configuration's permalink rules. */
import type { MarkdownSite } from './site.ts';

export interface UrlParts {
  /** YYYY-MM-DD as the site showed it. */
  day: string | undefined;
  /** HH:MM:SS, when known. */
  time?: string;
  slug: string;
  title: string;
  categories: string[];
  /** Hugo: the content section ("posts") and the file's base name or bundle folder. */
  section?: string;
  fileName?: string;
}

const JEKYLL_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

export function jekyllPostUrl(site: MarkdownSite, parts: UrlParts): string {
  const pattern = JEKYLL_STYLES[site.permalink] ?? site.permalink;
  const [year = '', month = '', day = ''] = (parts.day ?? '').split('-');
  const [hour = '00', minute = '00', second = '00'] = (parts.time ?? '').split(':');
  const values: Record<string, string> = {
    year,
    month,
    day,
    i_month: String(Number(month)),
    i_day: String(Number(day)),
    short_year: year.slice(2),
    y_day: parts.day ? String(dayOfYear(parts.day)).padStart(3, '0') : '',
    hour,
    minute,
    second,
    title: parts.slug,
    slug: parts.slug,
    categories: parts.categories.map((category) => encodeURIComponent(category.toLowerCase())).join('/'),
    output_ext: '.html',
  };
  return site.basePath + tidy(pattern.replace(/:(\w+)/g, (token, name: string) => values[name] ?? token));
}

/** A Jekyll page: its path with .html, or the pretty folder form. */
export function jekyllPageUrl(site: MarkdownSite, relativePath: string): string {
  const path = relativePath.replace(/\.(md|markdown|mdown|mkd)$/i, '');
  return site.basePath + (site.permalink === 'pretty' ? `/${path}/` : `/${path}.html`);
}

export function hugoUrl(site: MarkdownSite, parts: UrlParts): string {
  const section = parts.section ?? '';
  const pattern = site.hugoPermalinks[section];
  if (!pattern) return site.basePath + tidy(`/${section}/${parts.slug}/`).toLowerCase();
  const [year = '', month = '', day = ''] = (parts.day ?? '').split('-');
  const values: Record<string, string> = {
    year,
    month,
    day,
    monthname: month
      ? new Date(Date.UTC(2000, Number(month) - 1))
          .toLocaleString('en', { month: 'long', timeZone: 'UTC' })
          .toLowerCase()
      : '',
    title: urlize(parts.title),
    slug: parts.slug,
    slugorfilename: parts.slug,
    filename: parts.fileName ?? parts.slug,
    contentbasename: parts.fileName ?? parts.slug,
    section,
    sections: section,
  };
  return site.basePath + tidy(pattern.replace(/:(\w+)/g, (token, name: string) => values[name] ?? token)).toLowerCase();
}

/** Hugo's urlize: lowercase, spaces to hyphens, most punctuation dropped. */
export function urlize(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}\-_.~]/gu, '');
}

function tidy(path: string): string {
  return path.replace(/\/{2,}/g, '/');
}

function dayOfYear(day: string): number {
  const date = new Date(`${day}T00:00:00Z`);
  return Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}
