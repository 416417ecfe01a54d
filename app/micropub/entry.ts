/**
 * An h-entry's properties as Folio's article input, and back (q=source).
 * name → title (none: the content's first words, or "Photo"), content →
 * body (a string is Markdown; {html} is HTML, still sanitised by the filter
 * pipeline), category → tags, published → publication time (future =
 * scheduled), post-status → draft or published, mp-slug → slug, summary →
 * excerpt, photo → images appended to the body. Other properties are ignored.
 */
import type { ArticleInput } from '#app/models/article.ts';
import { escapeMarkdown } from '#app/models/upload/links.ts';
import { invalidRequest } from '#app/micropub/errors.ts';
import type { Properties } from '#app/micropub/request.ts';

/** What an article keeps that h-entry does not say (section, comments), on update. */
export type Kept = Pick<ArticleInput, 'sectionId' | 'allowComments' | 'textFilter'>;

export interface Photo {
  url: string;
  alt: string;
}

/** The article input for these properties; `photos` are the uploaded ones, already stored. */
export function articleInputFrom(properties: Properties, photos: Photo[], kept: Kept | null, now: Date): ArticleInput {
  const content = contentOf(properties.content?.[0], kept?.textFilter);
  const allPhotos = [...photoUrls(properties.photo ?? []), ...photos];
  const body = withPhotos(content.body, allPhotos, content.textFilter);
  const name = text(properties.name);
  const title = name ?? titleFrom(content.body, content.textFilter) ?? (allPhotos.length > 0 ? 'Photo' : undefined);
  if (!title) throw invalidRequest('A post needs at least a name, some content or a photo.');
  const publishedAt = publishedOf(properties.published);
  const status = text(properties['post-status']) ?? 'published';
  if (status !== 'published' && status !== 'draft')
    throw invalidRequest(`“post-status” must be “published” or “draft”, not “${status}”.`);
  return {
    title,
    slug: text(properties['mp-slug']),
    excerpt: text(properties.summary) ?? '',
    bodySource: body,
    textFilter: content.textFilter,
    tags: (properties.category ?? []).filter((c): c is string => typeof c === 'string'),
    sectionId: kept?.sectionId ?? null,
    allowComments: kept?.allowComments ?? true,
    state: status,
    publishedAt: status === 'published' ? (publishedAt ?? now) : publishedAt,
  };
}

/** A string is Markdown (or the article's own filter, on update); an object's html is HTML. */
function contentOf(value: unknown, keptFilter: string | undefined): { body: string; textFilter: string } {
  if (value === undefined) return { body: '', textFilter: keptFilter ?? 'markdown' };
  if (typeof value === 'string')
    return { body: value, textFilter: keptFilter && keptFilter !== 'none' ? keptFilter : 'markdown' };
  if (typeof value === 'object' && value !== null) {
    const { html, value: plain } = value as { html?: unknown; value?: unknown };
    if (typeof html === 'string') return { body: html, textFilter: 'none' };
    if (typeof plain === 'string') return { body: plain, textFilter: 'markdown' };
  }
  throw invalidRequest('“content” must be a string or an object with “html”.');
}

/** Photo URLs (strings, or {value, alt} objects): absolute http(s) only. */
function photoUrls(values: unknown[]): Photo[] {
  return values.map((value) => {
    const { url, alt } =
      typeof value === 'string'
        ? { url: value, alt: '' }
        : typeof value === 'object' && value !== null
          ? { url: (value as { value?: unknown }).value, alt: (value as { alt?: unknown }).alt }
          : { url: undefined, alt: undefined };
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url))
      throw invalidRequest('Each “photo” must be an http(s) URL, or an object with such a “value” and an “alt”.');
    return { url: new URL(url).href, alt: typeof alt === 'string' ? alt : '' };
  });
}

/** Photos go after the text, in the body's own language. */
function withPhotos(body: string, photos: Photo[], textFilter: string): string {
  if (photos.length === 0) return body;
  const images = photos.map((p) =>
    textFilter === 'none'
      ? `<p><img src="${escapeHtml(p.url)}" alt="${escapeHtml(p.alt)}"></p>`
      : `![${escapeMarkdown(p.alt)}](${p.url.replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`,
  );
  return [body.trimEnd(), ...images].filter(Boolean).join('\n\n');
}

/** Folio articles need a title: a note's first words (up to ~60 characters) stand in for one. */
function titleFrom(body: string, textFilter: string): string | undefined {
  const plain = (textFilter === 'none' ? body.replace(/<[^>]*>/g, ' ') : body.replace(/[#*_`>[\]()!]/g, ' '))
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!plain) return undefined;
  if (plain.length <= 60) return plain;
  const cut = plain.slice(0, 60);
  const atWord = cut.lastIndexOf(' ') > 20 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
  return `${atWord}…`;
}

function publishedOf(values: unknown[] | undefined): Date | null {
  const value = text(values);
  if (value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidRequest(`“published” must be an ISO 8601 date, not “${value}”.`);
  return date;
}

function text(values: unknown[] | undefined): string | undefined {
  const value = values?.[0];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
