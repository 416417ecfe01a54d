/** One feed entry (RSS <item>, Atom <entry>) as an article, with its author and tags. */
import type { ImportedArticle, ImportedAuthor, ImportedTerm } from '#app/importers/records.ts';
import { parseAnyDate, publicationDay, type ParsedDate } from '../shared/dates.ts';
import { decodeEntities, oldAddressOf, slugOf, textOfHtml } from '../shared/text.ts';
import { atomLink, originOf } from './channel.ts';
import { atomHtml, child, childText, children, textOf } from './elements.ts';
import type { XmlElement } from './xml-stream.ts';

export interface MappedEntry {
  authors: ImportedAuthor[];
  terms: ImportedTerm[];
  article: ImportedArticle;
}

export interface FeedContext {
  isAtom: boolean;
  /** The site's address: relative links resolve against it (after any xml:base). */
  siteLink: string;
  origin: string | undefined;
  feedAuthor?: XmlElement;
}

export function mapEntry(entry: XmlElement, { isAtom, siteLink, origin, feedAuthor }: FeedContext): MappedEntry {
  const notes: string[] = [];
  const fields = isAtom ? atomFields(entry, notes, feedAuthor) : rssFields(entry, notes);
  const link = resolve(fields.link, resolve(entry.attributes['xml:base'], siteLink || undefined));
  const published = fields.published ?? fields.updated;
  if (!published) notes.push('had no date: Folio dates it when it is imported');
  const onSite = link && (!origin || originOf(link) === origin);
  if (link && !onSite) notes.push(`its link (${link}) is on another site: no redirect from it`);
  const title = fields.title || '(untitled)';
  const authors = fields.author ? [fields.author] : [];
  const terms = [...new Set(fields.categories.map((name) => name.trim()).filter(Boolean))].map(
    (name): ImportedTerm => ({
      kind: 'term',
      key: `tag:${slugOf(name) || name}`,
      taxonomy: 'tag',
      name,
      slug: slugOf(name),
    }),
  );
  const article: ImportedArticle = {
    kind: 'article',
    key: `item:${fields.id || link || `${title}@${published?.instant.toISOString() ?? ''}`}`,
    title,
    slug: slugFromLink(link) || slugOf(title),
    body: { format: 'html', html: fields.html },
    ...(fields.summary ? { excerpt: { format: 'html' as const, html: fields.summary } } : {}),
    status: 'published',
    publishedAt: published?.instant,
    publishedOn: published ? publicationDay(published) : undefined,
    updatedAt: fields.updated?.instant,
    authorKey: authors[0]?.key,
    termKeys: terms.map((term) => term.key),
    oldAddresses: onSite ? [oldAddressOf(link)!].filter(Boolean) : [],
    ...(notes.length ? { notes } : {}),
  };
  return { authors, terms, article };
}

interface EntryFields {
  id: string;
  title: string;
  link: string | undefined;
  html: string;
  summary?: string;
  published?: ParsedDate;
  updated?: ParsedDate;
  author?: ImportedAuthor;
  categories: string[];
}

function rssFields(item: XmlElement, notes: string[]): EntryFields {
  const guid = child(item, ':guid');
  const guidText = textOf(guid).trim();
  // FeedBurner rewrote links through its proxy and kept the original here.
  const link =
    childText(item, 'feedburner:origLink') ||
    childText(item, ':link') ||
    (guid?.attributes.isPermaLink !== 'false' && /^https?:/.test(guidText) ? guidText : undefined);
  for (const enclosure of children(item, ':enclosure')) {
    const { url = '', type = 'unknown type', length } = enclosure.attributes;
    notes.push(`had an enclosure ${url} (${type}${length ? `, ${length} bytes` : ''}): not imported`);
  }
  return {
    id: guidText || childText(item, 'rdf:about') || item.attributes['rdf:about'] || '',
    title: plainTitle(childText(item, ':title', 'dc:title')),
    link,
    html: childText(item, 'content:encoded') || childText(item, ':description'),
    published: parseAnyDate(childText(item, ':pubDate', 'dc:date')),
    author: rssAuthor(childText(item, 'dc:creator') || childText(item, ':author')),
    categories: children(item, ':category', 'dc:subject').map((element) => textOf(element)),
  };
}

function atomFields(entry: XmlElement, notes: string[], feedAuthor?: XmlElement): EntryFields {
  const content = child(entry, 'atom:content', 'atom03:content');
  const summary = child(entry, 'atom:summary', 'atom03:summary');
  let html = content && !content.attributes.src ? atomHtml(content) : '';
  if (content?.attributes.src)
    notes.push(`its content lives at ${content.attributes.src}: the summary was imported instead`);
  const summaryHtml = summary ? atomHtml(summary) : undefined;
  if (!html && summaryHtml) html = summaryHtml;
  for (const enclosure of children(entry, 'atom:link').filter((link) => link.attributes.rel === 'enclosure')) {
    notes.push(
      `had an enclosure ${enclosure.attributes.href ?? ''} (${enclosure.attributes.type ?? 'unknown type'}): not imported`,
    );
  }
  const titleElement = child(entry, 'atom:title', 'atom03:title');
  const authorElement = child(entry, 'atom:author', 'atom03:author') ?? feedAuthor;
  return {
    id: childText(entry, 'atom:id', 'atom03:id'),
    title: titleElement ? textOfHtml(atomHtml(titleElement)) : '',
    link: atomLink(entry, 'alternate'),
    html,
    summary: html !== summaryHtml ? summaryHtml : undefined,
    published: parseAnyDate(childText(entry, 'atom:published', 'atom03:issued', 'atom03:created')),
    updated: parseAnyDate(childText(entry, 'atom:updated', 'atom03:modified')),
    author: authorElement
      ? author(
          childText(authorElement, 'atom:name', 'atom03:name'),
          childText(authorElement, 'atom:email', 'atom03:email'),
        )
      : undefined,
    categories: children(entry, 'atom:category').map(
      (element) => element.attributes.label || element.attributes.term || '',
    ),
  };
}

// RSS titles are plain text by the spec and HTML by habit ("Ben &amp;amp; Jerry", "<em>Why</em>").
function plainTitle(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  // Only real inline tags are markup: "Hello <Folio>" is a title about Folio.
  if (
    /<\/?(a|abbr|b|big|br|cite|code|del|em|font|i|ins|mark|q|s|small|span|strong|sub|sup|u)\b[^>]*>/i.test(collapsed)
  ) {
    return textOfHtml(collapsed);
  }
  return decodeEntities(collapsed);
}

/** "ada@example.com (Ada Lovelace)", "Ada Lovelace <ada@example.com>", "ada@example.com" or "Ada Lovelace". */
function rssAuthor(text: string): ImportedAuthor | undefined {
  const value = decodeEntities(text.trim());
  if (!value) return undefined;
  const parenthesised = /^(\S+@\S+)\s*\((.+)\)$/.exec(value);
  if (parenthesised) return author(parenthesised[2]!, parenthesised[1]!);
  const angled = /^(.*?)\s*<(\S+@\S+)>$/.exec(value);
  if (angled) return author(angled[1]!, angled[2]!);
  return /^\S+@\S+$/.test(value) ? author('', value) : author(value, '');
}

function author(name: string, email: string): ImportedAuthor | undefined {
  const login = slugOf(name) || slugOf(email.split('@')[0] ?? '');
  if (!login) return undefined;
  return { kind: 'author', key: `author:${login}`, login, displayName: name.trim() || login, email: email.trim() };
}

function resolve(link: string | undefined, base: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link.trim(), base).toString();
  } catch {
    return link.trim();
  }
}

/** The slug the old site used: the link's last path segment ("/2009/05/17/hello-world.html" → "hello-world"). */
function slugFromLink(link: string | undefined): string {
  if (!link) return '';
  let segments: string[];
  try {
    segments = new URL(link).pathname.split('/').filter(Boolean);
  } catch {
    return '';
  }
  const last = decodeURIComponent(segments[segments.length - 1] ?? '').replace(/\.(html?|php|aspx?)$/i, '');
  return /^(\d+|index)$/.test(last) || !last ? '' : slugOf(last);
}
