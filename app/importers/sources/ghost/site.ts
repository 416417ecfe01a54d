/** Which Ghost site an export is from, and how its bodies name it. */
import type { GhostExport } from './read-export.ts';
import { slugOf } from '../shared/text.ts';
import { validZone } from '../shared/dates.ts';

export interface GhostSite {
  identity: string;
  title: string;
  /** The site's address when the export names it ("https://old.example"), else ''. */
  url: string;
  timeZone: string | undefined;
}

export function ghostSite({ meta, data }: GhostExport): GhostSite {
  const settings = new Map(
    (data.settings ?? []).map((row) => [row.key, typeof row.value === 'string' ? row.value : '']),
  );
  const url = (settings.get('url') || meta.url || '').replace(/\/+$/, '');
  const title = settings.get('title') || 'Ghost';
  // Ghost 1 called the zone active_timezone; Ghost 2+ timezone.
  const timeZone = validZone(settings.get('timezone') || settings.get('active_timezone'));
  const siteId = settings.get('site_uuid');
  const identity = `ghost:${url || (siteId ? `site:${siteId}` : `title:${slugOf(title)}`)}`;
  return { identity, title, url, timeZone };
}

/**
 * Ghost 4+ exports write the site's own address as __GHOST_URL__; it becomes
 * the site's URL when known, else nothing (root-relative links, which
 * redirects and attachment matching understand).
 */
export function resolveGhostUrls(html: string, site: GhostSite): string {
  return html.replaceAll('__GHOST_URL__', site.url);
}
