/**
 * What a verified source says about the article, read from its
 * microformats (mf2, parsed by microformats-parser) the way IndieWeb sites
 * and Bridgy publish them: the h-entry that responds to the target, its
 * type (in-reply-to → reply, like-of → like, repost-of → repost,
 * bookmark-of → bookmark, else mention), its author's h-card and its
 * content. A page without microformats is a mention by its host.
 */
import { mf2 } from 'microformats-parser';

type ParsedDocument = ReturnType<typeof mf2>;
type Item = ParsedDocument['items'][number];
type Value = Item['properties'][string][number];

export const mentionTypes = ['reply', 'like', 'repost', 'bookmark', 'mention'] as const;
export type MentionType = (typeof mentionTypes)[number];

export interface ParsedMention {
  type: MentionType;
  author: { name: string; url: string; photo: string };
  /** The entry's content as the source wrote it (unsanitised HTML), or '' when it has none. */
  contentHtml: string;
  published: Date | null;
}

/** The properties that make an entry a response of each kind, in the order they win. */
const responseProperties: readonly [string, MentionType][] = [
  ['in-reply-to', 'reply'],
  ['like-of', 'like'],
  ['repost-of', 'repost'],
  ['bookmark-of', 'bookmark'],
];

/** Reads `html` (fetched from `pageUrl`, its address after redirects) as a response to `target`. */
export function parseMention(html: string, pageUrl: string, target: string): ParsedMention {
  const document = mf2(html, { baseUrl: pageUrl });
  const entries = entriesOf(document.items);
  const entry = entries.find((item) => responseType(item, target) !== null) ?? pageEntry(entries, pageUrl);
  const page = new URL(pageUrl);
  const fallbackAuthor = { name: page.host, url: page.origin, photo: '' };
  if (!entry) return { type: 'mention', author: fallbackAuthor, contentHtml: '', published: null };
  return {
    type: responseType(entry, target) ?? 'mention',
    author: authorOf(entry, document, pageUrl) ?? fallbackAuthor,
    contentHtml: contentOf(entry),
    published: dateOf(firstText(entry, 'published')),
  };
}

/** Every h-entry, including those inside an h-feed or another item's children, in document order. */
function entriesOf(items: readonly Item[]): Item[] {
  const found: Item[] = [];
  const visit = (item: Item, depth: number) => {
    if (depth > 8) return;
    if (item.type?.includes('h-entry')) found.push(item);
    for (const child of item.children ?? []) visit(child, depth + 1);
  };
  for (const item of items) visit(item, 0);
  return found;
}

/** Without a response property naming the target: the entry that is this page, else the only one. */
function pageEntry(entries: readonly Item[], pageUrl: string): Item | undefined {
  return (
    entries.find((entry) => urlsOf(entry, 'url').includes(pageUrl)) ?? (entries.length === 1 ? entries[0] : undefined)
  );
}

function responseType(entry: Item, target: string): MentionType | null {
  const wanted = comparable(target);
  for (const [property, type] of responseProperties)
    if (urlsOf(entry, property).some((url) => comparable(url) === wanted)) return type;
  return null;
}

/** A property's URLs: plain values, or the url (else value) of an h-cite standing for the post. */
function urlsOf(item: Item, property: string): string[] {
  return (item.properties[property] ?? []).flatMap((value) => {
    if (typeof value === 'string') return [value];
    if (isItem(value)) return [...(value.properties.url ?? []), value.value ?? ''].filter(isString);
    return [];
  });
}

/**
 * The entry's author: its author property (an h-card, or a bare name or
 * URL), else the page's representative h-card (the one whose url is the
 * page, or the only top-level one).
 */
function authorOf(entry: Item, document: ParsedDocument, pageUrl: string): ParsedMention['author'] | null {
  const [author] = entry.properties.author ?? [];
  if (isItem(author)) return cardOf(author);
  if (typeof author === 'string' && author.trim()) {
    const url = httpOrEmpty(author.trim());
    return url ? { name: new URL(url).host, url, photo: '' } : { name: author.trim(), url: '', photo: '' };
  }
  const cards = document.items.filter((item) => item.type?.includes('h-card'));
  const representative =
    cards.find((card) => urlsOf(card, 'url').includes(pageUrl)) ?? (cards.length === 1 ? cards[0] : undefined);
  return representative ? cardOf(representative) : null;
}

function cardOf(card: Item): ParsedMention['author'] | null {
  const url = httpOrEmpty(firstText(card, 'url'));
  const name = firstText(card, 'name').trim() || (url ? new URL(url).host : '');
  if (!name) return null;
  return { name, url, photo: httpOrEmpty(firstText(card, 'photo')) };
}

function contentOf(entry: Item): string {
  const [content] = entry.properties.content ?? entry.properties.summary ?? [];
  if (typeof content === 'string') return escapeText(content);
  if (content && 'html' in content) return content.html;
  return '';
}

/** A property's first value as text: a string, an image's URL, an item's value or URL. */
function firstText(item: Item, property: string): string {
  const [value] = item.properties[property] ?? [];
  return textOf(value);
}

function textOf(value: Value | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (isItem(value)) return typeof value.value === 'string' ? value.value : textOf(value.properties.url?.[0]);
  return 'html' in value ? value.value : (value.value ?? '');
}

function isItem(value: Value | undefined): value is Item {
  return typeof value === 'object' && 'properties' in value;
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function httpOrEmpty(value: string): string {
  if (!URL.canParse(value)) return '';
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
}

function comparable(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

function dateOf(text: string): Date | null {
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time);
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
