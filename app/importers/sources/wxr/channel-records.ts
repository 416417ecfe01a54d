/**
 * The channel's own elements: the header (title, link, base URLs) and the
 * lists WordPress writes before the items (wp:author, wp:category, wp:tag,
 * wp:term), plus the authors and terms an item names that no list declared
 * (WordPress 2.x wrote no author list; exports filtered by category or
 * author leave terms out).
 */
import type { ImportedAuthor, ImportedTerm } from '#app/importers/records.ts';
import type { SkippedItem } from '#app/importers/source.ts';
import {
  childText,
  decodeEntities,
  decodeSlug,
  slugFromName,
  type WxrElement,
} from '#app/importers/sources/wxr/element.ts';
import { authorAddresses, categoryAddresses, tagAddresses } from '#app/importers/sources/wxr/old-addresses.ts';
import type { WxrSite } from '#app/importers/sources/wxr/site.ts';

/** Reads a header element into the site; false when it is not one. */
export function readHeader(element: WxrElement, site: WxrSite): boolean {
  const text = element.text.trim();
  switch (element.name) {
    case 'title':
      site.title = decodeEntities(text);
      return true;
    case 'link':
      site.link = text;
      return true;
    case 'wp:base_blog_url':
      site.blogUrl = text;
      return true;
    case 'description':
    case 'pubDate':
    case 'language':
    case 'generator':
    case 'wp:wxr_version':
    case 'wp:base_site_url':
    case 'image':
    case 'cloud':
    case 'atom:link':
      return true;
    default:
      return false;
  }
}

export function authorRecord(element: WxrElement, site: WxrSite): ImportedAuthor | undefined {
  const login = childText(element, 'wp:author_login');
  if (!login) return undefined;
  const first = decodeEntities(childText(element, 'wp:author_first_name'));
  const last = decodeEntities(childText(element, 'wp:author_last_name'));
  const displayName =
    decodeEntities(childText(element, 'wp:author_display_name')) || `${first} ${last}`.trim() || login;
  return newAuthor(site, login, displayName, childText(element, 'wp:author_email'), childText(element, 'wp:author_id'));
}

/** An author named only by an item's dc:creator (WordPress 2.x exports had no author list). */
export function undeclaredAuthor(site: WxrSite, login: string): ImportedAuthor | undefined {
  return site.yielded.has(authorKey(login)) ? undefined : newAuthor(site, login, login, '', '');
}

export function authorKey(login: string): string {
  return `user:${login}`;
}

function newAuthor(site: WxrSite, login: string, displayName: string, email: string, id: string): ImportedAuthor {
  const key = authorKey(login);
  site.yielded.add(key);
  return { kind: 'author', key, login, displayName, email, oldAddresses: authorAddresses(site.basePath, login, id) };
}

export function categoryRecord(element: WxrElement, site: WxrSite): ImportedTerm | undefined {
  const nicename = childText(element, 'wp:category_nicename');
  const name = decodeEntities(childText(element, 'wp:cat_name')) || decodeSlug(nicename);
  if (!nicename) return undefined;
  const parent = childText(element, 'wp:category_parent');
  if (parent) site.categoryParents.set(nicename, parent);
  return newTerm(site, 'category', nicename, name, childText(element, 'wp:term_id'), parent);
}

export function tagRecord(element: WxrElement, site: WxrSite): ImportedTerm | undefined {
  const slug = childText(element, 'wp:tag_slug');
  const name = decodeEntities(childText(element, 'wp:tag_name')) || decodeSlug(slug);
  return slug ? newTerm(site, 'tag', slug, name, childText(element, 'wp:term_id'), '') : undefined;
}

/** wp:term: taxonomies other than categories and tags (custom ones, post formats, menus): Folio has no place for them. */
export function otherTerm(element: WxrElement): SkippedItem {
  const taxonomy = childText(element, 'wp:term_taxonomy');
  const slug = childText(element, 'wp:term_slug');
  const reason =
    taxonomy === 'nav_menu'
      ? 'navigation menus are not imported: Folio builds its own from sections and pages'
      : `Folio has no taxonomy like "${taxonomy}"`;
  return {
    kind: 'skipped',
    key: `term:${taxonomy}:${slug}`,
    what: `term (${taxonomy})`,
    title: decodeEntities(childText(element, 'wp:term_name')) || decodeSlug(slug),
    reason,
  };
}

export function termKey(taxonomy: 'category' | 'tag', slug: string): string {
  return `${taxonomy}:${decodeSlug(slug).toLowerCase()}`;
}

/**
 * The term an item's <category domain="..." nicename="..."> names, and the
 * record to yield first when no list declared it. WordPress 2.x also wrote
 * each category once without domain or nicename: its slug is made from the name.
 */
export function itemTerm(
  element: WxrElement,
  site: WxrSite,
): { key: string; record?: ImportedTerm } | { other: string; slug: string } | undefined {
  const domain = element.attrs.domain ?? 'category';
  const name = decodeEntities(element.text.trim());
  const slug = (element.attrs.nicename ?? '').trim() || slugFromName(name);
  if (!slug) return undefined;
  const taxonomy = domain === 'category' ? 'category' : domain === 'post_tag' || domain === 'tag' ? 'tag' : undefined;
  if (!taxonomy) return { other: domain, slug };
  const key = termKey(taxonomy, slug);
  if (site.yielded.has(key)) return { key };
  return { key, record: newTerm(site, taxonomy, slug, name || decodeSlug(slug), '', '') };
}

function newTerm(
  site: WxrSite,
  taxonomy: 'category' | 'tag',
  slug: string,
  name: string,
  termId: string,
  parent: string,
): ImportedTerm {
  const key = termKey(taxonomy, slug);
  site.yielded.add(key);
  const oldAddresses =
    taxonomy === 'category'
      ? categoryAddresses(site.basePath, site.categoryPath(slug), termId)
      : tagAddresses(site.basePath, slug);
  const term: ImportedTerm = { kind: 'term', key, taxonomy, name, slug: decodeSlug(slug), oldAddresses };
  if (parent) term.parentKey = termKey('category', parent);
  return term;
}
