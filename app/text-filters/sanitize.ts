import sanitizeHtml from 'sanitize-html';
import type { IOptions, Attributes } from 'sanitize-html';

/**
 * The last stage for author content: rich HTML (headings, tables, images,
 * figures, code) stays; scripts, styles, frames, forms, event handlers and any
 * URL that is not http(s), mailto or tel go. Only highlight.js classes survive.
 */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, articlePolicy);
}

/**
 * The last stage for reader comments: a handful of text tags, and every link
 * marked rel="nofollow ugc" so spam earns no ranking.
 */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, commentPolicy);
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'];
// sanitize-html matches class globs per tag; hljs emits nested spans.
const HIGHLIGHT_CLASSES = ['hljs', 'hljs-*', 'language-*'];

// Option objects are built once: seeding renders every article through here.
const articlePolicy: IOptions = {
  allowedTags: [
    ...HEADINGS,
    'p',
    'br',
    'hr',
    'div',
    'span',
    'a',
    'em',
    'strong',
    'b',
    'i',
    'u',
    's',
    'del',
    'ins',
    'sub',
    'sup',
    'mark',
    'small',
    'abbr',
    'cite',
    'q',
    'dfn',
    'time',
    'code',
    'pre',
    'kbd',
    'samp',
    'var',
    'blockquote',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'img',
    'figure',
    'figcaption',
    'table',
    'caption',
    'colgroup',
    'col',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'details',
    'summary',
  ],
  allowedAttributes: {
    ...Object.fromEntries(HEADINGS.map((tag) => [tag, ['id']])),
    a: ['href', 'title', 'rel', 'name', 'hreflang'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    abbr: ['title'],
    dfn: ['title'],
    time: ['datetime'],
    blockquote: ['cite'],
    q: ['cite'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    th: ['colspan', 'rowspan', 'align', 'scope'],
    td: ['colspan', 'rowspan', 'align'],
    col: ['span'],
    colgroup: ['span'],
    details: ['open'],
  },
  allowedClasses: { pre: HIGHLIGHT_CLASSES, code: HIGHLIGHT_CLASSES, span: HIGHLIGHT_CLASSES },
  allowedSchemes: LINK_SCHEMES,
  // Images load without a click, so no data: (or anything but the web) there.
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  transformTags: { th: alignmentFromStyle, td: alignmentFromStyle },
  // An <img> whose src was refused would render as a broken image.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['src'],
};

const commentPolicy: IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'a', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedClasses: {},
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc' }) },
};

// markdown-it writes table column alignment as a style attribute, and style
// attributes are never allowed; keep the alignment as the align attribute.
function alignmentFromStyle(tagName: string, attribs: Attributes): { tagName: string; attribs: Attributes } {
  const { style, ...rest } = attribs;
  const match = style?.match(/^\s*text-align\s*:\s*(left|right|center)\s*;?\s*$/i);
  return { tagName, attribs: match?.[1] ? { ...rest, align: match[1].toLowerCase() } : rest };
}
