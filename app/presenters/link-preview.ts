/**
 * What a link to this page looks like when shared: OpenGraph, Twitter card
 * and JSON-LD data for the layout's <head>, built here once for every theme
 * (default's partials/link-preview.ejs writes it; other themes inherit it).
 * URLs are absolute, as crawlers need; the image is the article's cover,
 * else the blog's default image, else none.
 */
import type { ArticleView } from '#app/presenters/article.ts';
import type { ImageView } from '#app/presenters/image.ts';
import { plainText } from '#app/text-filters/index.ts';

/** What a controller tells renderPage about the page's subject (PageOptions.preview). */
export type PreviewSubject =
  | { kind: 'article'; article: ArticleView }
  | { kind: 'page'; title: string; bodyHtml: string; updatedAt: Date };

export interface PreviewImage {
  url: string;
  width: number | null;
  height: number | null;
  alt: string;
}

/** `meta.preview` in the theme API. */
export interface LinkPreview {
  siteName: string;
  type: 'article' | 'website';
  title: string;
  description: string;
  /** The canonical URL. */
  url: string;
  image: PreviewImage | null;
  /** `summary_large_image` when there is an image, else `summary`. */
  twitterCard: 'summary' | 'summary_large_image';
  /** Articles only: ISO 8601 times, the author's page, the tags. */
  article: { publishedTime: string; modifiedTime: string; author: string; tags: string[] } | null;
  /** JSON-LD, already safe to write raw inside <script type="application/ld+json">; '' for none. */
  jsonLd: string;
}

export interface PreviewContext {
  baseUrl: string;
  siteName: string;
  canonical: string;
  /** The page's own title (without the blog's), or the blog's on the home page. */
  title: string;
  /** The page's description when it has no subject. */
  description: string;
  /** The blog's default image, if one is set (relative URL). */
  defaultImage: ImageView | null;
}

const descriptionLength = 200;

export function presentLinkPreview(subject: PreviewSubject | undefined, context: PreviewContext): LinkPreview {
  const absolute = (path: string) => (/^https?:\/\//.test(path) ? path : context.baseUrl + path);
  const image = previewImage(subject, context.defaultImage, absolute);
  const base = {
    siteName: context.siteName,
    url: context.canonical,
    image,
    twitterCard: image ? ('summary_large_image' as const) : ('summary' as const),
  };
  if (subject?.kind === 'article') {
    const { article } = subject;
    const description = articleDescription(article);
    const times = { publishedTime: article.publishedAt.toISOString(), modifiedTime: article.updatedAt.toISOString() };
    const author = { '@type': 'Person', name: article.author.name, url: absolute(article.author.url) };
    return {
      ...base,
      type: 'article',
      title: article.title,
      description,
      article: { ...times, author: author.url, tags: article.tags.map((t) => t.name) },
      jsonLd: scriptJson({
        '@context': 'https://schema.org',
        '@type': 'BlogPosting',
        headline: article.title,
        description,
        url: context.canonical,
        mainEntityOfPage: { '@type': 'WebPage', '@id': context.canonical },
        datePublished: times.publishedTime,
        dateModified: times.modifiedTime,
        author,
        ...(image && { image: image.url }),
        ...(article.tags.length && { keywords: article.tags.map((t) => t.name).join(', ') }),
        publisher: { '@type': 'Organization', name: context.siteName, url: context.baseUrl + '/' },
      }),
    };
  }
  if (subject?.kind === 'page') {
    const description = firstParagraph(subject.bodyHtml) || context.description;
    return {
      ...base,
      type: 'website',
      title: subject.title,
      description,
      article: null,
      jsonLd: scriptJson({
        '@context': 'https://schema.org',
        '@type': 'WebPage',
        name: subject.title,
        description,
        url: context.canonical,
        dateModified: subject.updatedAt.toISOString(),
        ...(image && { image: image.url }),
        publisher: { '@type': 'Organization', name: context.siteName, url: context.baseUrl + '/' },
      }),
    };
  }
  return { ...base, type: 'website', title: context.title, description: context.description, article: null, jsonLd: '' };
}

/** The excerpt as text when there is one, else the body's first paragraph with text, on a word boundary. */
export function articleDescription(article: Pick<ArticleView, 'hasMore' | 'summaryHtml' | 'bodyHtml'>): string {
  if (article.hasMore) {
    const excerpt = plainText(article.summaryHtml, descriptionLength);
    if (excerpt) return excerpt;
  }
  return firstParagraph(article.bodyHtml);
}

/**
 * JSON for a <script> element: `<`, `>` and `&` escaped (no `</script>` or
 * `<!--` can end or bend it) and U+2028/U+2029 too (old JavaScript parsers
 * end a string there). Still the same JSON to any parser.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function previewImage(
  subject: PreviewSubject | undefined,
  defaultImage: ImageView | null,
  absolute: (path: string) => string,
): PreviewImage | null {
  const image = (subject?.kind === 'article' ? subject.article.cover : null) ?? defaultImage;
  return image ? { url: absolute(image.url), width: image.width, height: image.height, alt: image.alt } : null;
}

// Stored HTML is sanitized, so paragraphs are well formed and never nested.
const paragraphs = /<p\b[^>]*>([\s\S]*?)<\/p>/gi;

function firstParagraph(html: string): string {
  for (const [, inner] of html.matchAll(paragraphs)) {
    const text = plainText(inner!, descriptionLength);
    if (text) return text;
  }
  return plainText(html, descriptionLength);
}
