/**
 * What a Mephisto database says about the site (0.7 and 0.8 share one
 * schema): its host, title, permalink style and tag path (sites), its
 * sections, and which articles sit in which (assigned_sections).
 */
import type { ImportedTerm } from '#app/importers/records.ts';
import type { OldDatabase, Row } from '#app/importers/sources/old-database/types.ts';
import { text, integer, flag } from '#app/importers/sources/old-database/cells.ts';

export interface MephistoSite {
  id: number;
  link: string;
  title: string;
  permalinkStyle: string;
  tagPath: string;
  /** How many sites the database holds: only the first is imported. */
  siteCount: number;
}

export async function readMephistoSite(db: OldDatabase): Promise<MephistoSite> {
  const sites = await db.all('sites');
  const site: Row = sites[0] ?? {};
  const host = text(site, 'host').trim();
  return {
    id: integer(site, 'id') ?? 1,
    link: host ? `http://${host.replace(/^https?:\/\//, '').replace(/\/+$/, '')}` : '',
    title: text(site, 'title') || 'Mephisto site',
    permalinkStyle: (text(site, 'permalink_style') || ':year/:month/:day/:permalink').replace(/^\/+|\/+$/g, ''),
    tagPath: (text(site, 'tag_path') || 'tags').replace(/^\/+|\/+$/g, ''),
    siteCount: sites.length,
  };
}

export interface MephistoSection {
  id: number;
  path: string;
  paged: boolean;
  term?: ImportedTerm;
}

export interface MephistoSections {
  /** Listing sections other than the home one, as terms: Folio sections. */
  terms: ImportedTerm[];
  /** The sections an article is in, with its position in each (a paged section shows the lowest first). */
  of(articleId: number): { section: MephistoSection; position: number }[];
  /** Whether the article is the first of a paged section (shown at /section-path itself). */
  isFirstIn(articleId: number, sectionId: number): boolean;
}

export async function readMephistoSections(db: OldDatabase, siteId: number): Promise<MephistoSections> {
  const sections = new Map<number, MephistoSection>();
  const terms: ImportedTerm[] = [];
  for (const row of await db.all('sections')) {
    if ((integer(row, 'site_id') ?? siteId) !== siteId) continue;
    const id = integer(row, 'id') ?? 0;
    const path = text(row, 'path').replace(/^\/+|\/+$/g, '');
    const section: MephistoSection = { id, path, paged: flag(row, 'show_paged_articles') ?? false };
    // The home section (path "") holds every article, and a paged section's articles become pages: neither is a Folio section.
    if (path && !section.paged) {
      section.term = {
        kind: 'term',
        key: `section:${id}`,
        taxonomy: 'category',
        name: text(row, 'name') || path,
        slug: path.replace(/\//g, '-'),
        oldAddresses: [`/${path}`],
      };
      terms.push(section.term);
    }
    sections.set(id, section);
  }
  const byArticle = new Map<number, { section: MephistoSection; position: number }[]>();
  const first = new Map<number, { articleId: number; position: number }>();
  for (const row of await db.all('assigned_sections')) {
    const section = sections.get(integer(row, 'section_id') ?? -1);
    const articleId = integer(row, 'article_id');
    if (!section || articleId === undefined) continue;
    const position = integer(row, 'position') ?? 1;
    const list = byArticle.get(articleId) ?? [];
    list.push({ section, position });
    byArticle.set(articleId, list);
    const current = first.get(section.id);
    if (!current || position < current.position) first.set(section.id, { articleId, position });
  }
  return {
    terms,
    of: (articleId) => byArticle.get(articleId) ?? [],
    isFirstIn: (articleId, sectionId) => first.get(sectionId)?.articleId === articleId,
  };
}
