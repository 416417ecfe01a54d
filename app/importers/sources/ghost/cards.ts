/**
 * Ghost's cards as plain HTML. Lexical nodes (Ghost 5+) and Mobiledoc cards
 * (Ghost 1–4) carry the same payload fields, so one renderer serves both.
 * Written here rather than using @tryghost/kg-lexical-html-renderer, which
 * pulls in jsdom and Lexical's headless editor for what is string building.
 * What Folio has no place for comes back as a remark for the report.
 */
import { renderArticleMarkdown } from '#app/text-filters/markdown.ts';
import { escapeHtml } from '../shared/text.ts';

export interface RenderContext {
  /** A remark about the post being rendered (an unknown card, content only members or emails saw). */
  note(message: string): void;
}

type Payload = Record<string, unknown>;

const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const attr = (value: unknown): string => escapeHtml(str(value));

/** The card's HTML, '' when it renders to nothing, or undefined when the card is unknown. */
export function renderCard(name: string, payload: Payload, context: RenderContext): string | undefined {
  const card = CARDS[name];
  return card ? card(payload, context) : undefined;
}

const CARDS: Record<string, (payload: Payload, context: RenderContext) => string> = {
  image: (p) => figure(image(p), p.caption, p.href),
  code: (p) => codeBlock(p),
  codeblock: (p) => codeBlock(p),
  html: (p) => str(p.html),
  markdown: (p) => renderArticleMarkdown(str(p.markdown)),
  'card-markdown': (p) => renderArticleMarkdown(str(p.markdown)),
  hr: () => '<hr>',
  horizontalrule: () => '<hr>',
  divider: () => '<hr>',
  bookmark: (p) => bookmark(p),
  embed: (p) => embed(p),
  callout: (p) =>
    `<blockquote class="kg-callout-card"><p>${p.calloutEmoji ? `${str(p.calloutEmoji)} ` : ''}${str(p.calloutText)}</p></blockquote>`,
  gallery: (p) => gallery(p),
  button: (p) =>
    p.buttonUrl ? `<p><a href="${attr(p.buttonUrl)}">${escapeHtml(str(p.buttonText) || str(p.buttonUrl))}</a></p>` : '',
  toggle: (p) => `<h4>${str(p.heading)}</h4>\n${str(p.content)}`,
  header: (p) =>
    [
      p.header ? `<h2>${str(p.header)}</h2>` : '',
      p.subheader ? `<p>${str(p.subheader)}</p>` : '',
      CARDS.button!(p, { note() {} }),
    ]
      .filter(Boolean)
      .join('\n'),
  video: (p) => fileLink(p, 'Video'),
  audio: (p) => fileLink(p, 'Audio'),
  file: (p) => fileLink(p, 'File'),
  product: (p) =>
    [
      p.productImageSrc ? `<p><img src="${attr(p.productImageSrc)}" alt=""></p>` : '',
      p.productTitle ? `<h3>${str(p.productTitle)}</h3>` : '',
      str(p.productDescription),
      p.productUrl
        ? `<p><a href="${attr(p.productUrl)}">${escapeHtml(str(p.productButton) || str(p.productUrl))}</a></p>`
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  paywall: (_p, context) => {
    context.note('had a members-only section (paywall card): in Folio the whole post is public');
    return '';
  },
  email: (_p, context) => {
    context.note('had email-only content (email card): not imported');
    return '';
  },
  'email-cta': (_p, context) => {
    context.note('had an email call-to-action (email-cta card): not imported');
    return '';
  },
  signup: (_p, context) => {
    context.note('had a newsletter signup card: not imported');
    return '';
  },
};

function image(p: Payload): string {
  if (!p.src) return '';
  const size = p.width && p.height ? ` width="${attr(p.width)}" height="${attr(p.height)}"` : '';
  const title = p.title ? ` title="${attr(p.title)}"` : '';
  return `<img src="${attr(p.src)}" alt="${attr(p.alt)}"${title}${size}>`;
}

function figure(inner: string, caption: unknown, href?: unknown): string {
  if (!inner) return '';
  const linked = href ? `<a href="${attr(href)}">${inner}</a>` : inner;
  return `<figure>${linked}${caption ? `<figcaption>${str(caption)}</figcaption>` : ''}</figure>`;
}

function codeBlock(p: Payload): string {
  const language = str(p.language).replace(/[^\w+#-]/g, '');
  const code = `<pre><code${language ? ` class="language-${language}"` : ''}>${escapeHtml(str(p.code))}</code></pre>`;
  return p.caption ? `<figure>${code}<figcaption>${str(p.caption)}</figcaption></figure>` : code;
}

function bookmark(p: Payload): string {
  if (!p.url) return '';
  const meta = (p.metadata ?? {}) as Payload;
  const title = escapeHtml(str(meta.title) || str(p.url));
  const description = meta.description ? `<br>${escapeHtml(str(meta.description))}` : '';
  const source = [meta.publisher, meta.author].map(str).filter(Boolean).map(escapeHtml).join(' · ');
  const body = `<p><a href="${attr(p.url)}">${title}</a>${description}${source ? `<br><small>${source}</small>` : ''}</p>`;
  return `<figure class="kg-bookmark-card">${body}${p.caption ? `<figcaption>${str(p.caption)}</figcaption>` : ''}</figure>`;
}

// Embeds (YouTube, Twitter, ...) are iframes and scripts the sanitizer would
// strip, so they become a link to what was embedded.
function embed(p: Payload): string {
  if (!p.url) return str(p.html);
  const meta = (p.metadata ?? {}) as Payload;
  const label = escapeHtml(str(meta.title) || str(p.url));
  return figure(`<p><a href="${attr(p.url)}">${label}</a></p>`, p.caption);
}

function gallery(p: Payload): string {
  const images = Array.isArray(p.images) ? (p.images as Payload[]) : [];
  const inner = images.map((item) => figure(image(item), item.caption)).join('');
  if (!inner) return '';
  return `<figure class="kg-gallery-card">${inner}${p.caption ? `<figcaption>${str(p.caption)}</figcaption>` : ''}</figure>`;
}

function fileLink(p: Payload, what: string): string {
  if (!p.src) return '';
  const label = escapeHtml(str(p.title) || str(p.fileName) || str(p.fileTitle) || `${what}`);
  return `<p><a href="${attr(p.src)}">${label}</a></p>`;
}
