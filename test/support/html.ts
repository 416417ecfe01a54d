/**
 * A page read as a browser reads it (parse5, the WHATWG parser), for tests
 * that check what crawlers see in <head>: meta tags by property or name,
 * JSON-LD blocks, and elements by tag and class.
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];

export interface ParsedPage {
  /** Every element, in document order. */
  elements: Element[];
  /** The content of each <meta property|name="key">, in order (article:tag repeats). */
  meta(key: string): string[];
  /** The one <meta> content for `key`, or undefined; throws if it is there twice. */
  metaOne(key: string): string | undefined;
  /** The text of each <script type="application/ld+json">, parsed as JSON. */
  jsonLd(): unknown[];
  /** Elements named `tag` with the class `className` (any, without it). */
  find(tag: string, className?: string): Element[];
}

export function parseHtml(html: string): ParsedPage {
  const elements: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) elements.push(node);
    const children = 'content' in node && node.tagName === 'template' ? node.content.childNodes : (node as { childNodes?: Node[] }).childNodes;
    for (const child of children ?? []) walk(child);
  };
  walk(parse(html) as unknown as Node);
  const meta = (key: string) =>
    elements
      .filter((e) => e.tagName === 'meta' && (attr(e, 'property') === key || attr(e, 'name') === key))
      .map((e) => attr(e, 'content') ?? '');
  return {
    elements,
    meta,
    metaOne(key) {
      const found = meta(key);
      if (found.length > 1) throw new Error(`<meta ${key}> appears ${found.length} times`);
      return found[0];
    },
    jsonLd: () =>
      elements
        .filter((e) => e.tagName === 'script' && attr(e, 'type') === 'application/ld+json')
        .map((e) => JSON.parse(textOf(e)) as unknown),
    find: (tag, className) =>
      elements.filter(
        (e) => e.tagName === tag && (className === undefined || (attr(e, 'class') ?? '').split(/\s+/).includes(className)),
      ),
  };
}

export function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

export function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return ((node as { childNodes?: Node[] }).childNodes ?? []).map(textOf).join('');
}
