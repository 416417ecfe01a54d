/**
 * Which of our articles a webmention's target names. Only a visible
 * article's permalink (/YYYY/MM/DD/slug) on this blog's own host takes
 * webmentions: the spec lets a receiver refuse any target it does not
 * accept mentions for, and these are the pages that show them.
 */
import { findVisibleByPermalink } from '#app/models/article/reading.ts';
import { dayPrefix, parseDateRange } from '#app/models/article/archive.ts';

/** An http(s) URL, parsed; null for anything else (relative, mailto:, javascript:, garbage). */
export function httpUrl(value: string): URL | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/**
 * The id of the visible article at `target`, or null. Either scheme is accepted on
 * our host (a blog behind TLS may still be linked as http://), and the
 * query and fragment are ignored: they name the same page.
 */
export async function targetArticle(target: URL, baseUrl: string, now = new Date()): Promise<number | null> {
  const base = new URL(baseUrl);
  if (target.host !== base.host) return null;
  const basePath = base.pathname.replace(/\/+$/, '');
  if (!target.pathname.startsWith(`${basePath}/`)) return null;
  const match = /^\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)\/?$/.exec(target.pathname.slice(basePath.length));
  if (!match) return null;
  const [, year, month, day, encodedSlug] = match as unknown as [string, string, string, string, string];
  const range = parseDateRange(year, month, day);
  const slug = safeDecode(encodedSlug);
  if (!range?.day || slug === null) return null;
  const found = await findVisibleByPermalink(dayPrefix(range), slug, now);
  return found?.article.id ?? null;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
