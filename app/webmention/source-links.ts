/**
 * Whether a source document links to the target, as the Webmention spec's
 * verification asks: a real link in the parsed document (a[href], img[src],
 * video[src] and the like), resolved against the document's base, equal to
 * the target. Not a substring search: the target's URL in a script, a
 * comment or an attribute nobody follows is not a mention.
 */
import { parse, type DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;
type Element = DefaultTreeAdapterTypes.Element;

/**
 * The attributes that make a link a reader sees or a page loads. <link>
 * elements are left out on purpose: they are not part of what the page
 * says (the spec's "user concept of a link").
 */
const linkAttributes: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  area: ['href'],
  img: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  source: ['src'],
  track: ['src'],
  embed: ['src'],
  iframe: ['src'],
  object: ['data'],
  blockquote: ['cite'],
  q: ['cite'],
  ins: ['cite'],
  del: ['cite'],
};

/** Does the HTML at `pageUrl` (its address after redirects) link to `target`? */
export function htmlLinksTo(html: string, pageUrl: string, target: string): boolean {
  const wanted = comparable(target);
  if (wanted === null) return false;
  const document = parse(html);
  const base = documentBase(document, pageUrl);
  for (const element of elements(document)) {
    for (const name of linkAttributes[element.tagName] ?? []) {
      const value = attribute(element, name);
      if (value !== undefined && comparable(value.trim(), base) === wanted) return true;
    }
  }
  return false;
}

/** A plain-text source mentions the target when its text contains the URL (the spec's rule for text). */
export function textLinksTo(text: string, target: string): boolean {
  return text.includes(target);
}

/**
 * A URL as links are compared: resolved, normalised by the URL parser
 * (case of the host, default port, dot segments) and without its fragment,
 * since a link to the article's #comments still names the article.
 */
function comparable(url: string, base?: string): string | null {
  if (!URL.canParse(url, base)) return null;
  const parsed = new URL(url, base);
  parsed.hash = '';
  return parsed.href;
}

/** The first <base href> (as browsers do), resolved against the page's own URL. */
function documentBase(document: DefaultTreeAdapterTypes.Document, pageUrl: string): string {
  for (const element of elements(document)) {
    if (element.tagName !== 'base') continue;
    const href = attribute(element, 'href');
    if (href !== undefined && URL.canParse(href, pageUrl)) return new URL(href, pageUrl).href;
    break;
  }
  return pageUrl;
}

/** Every element in document order; a stack, not recursion, so a hostile page's deep nesting cannot overflow it. */
function* elements(root: Node): Generator<Element> {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if ('tagName' in node) yield node;
    if ('childNodes' in node) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name && !attr.namespace)?.value;
}
