/** Reading fields out of a feed element: text, child lookups, and Atom's typed text constructs as HTML. */
import { escapeHtml } from '../shared/text.ts';
import type { XmlElement } from './xml-stream.ts';

export function child(element: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const name of names) {
    const found = element.children.find((node): node is XmlElement => typeof node !== 'string' && node.name === name);
    if (found) return found;
  }
  return undefined;
}

export function children(element: XmlElement, ...names: string[]): XmlElement[] {
  return element.children.filter((node): node is XmlElement => typeof node !== 'string' && names.includes(node.name));
}

export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  return element.children.map((node) => (typeof node === 'string' ? node : textOf(node))).join('');
}

export function childText(element: XmlElement, ...names: string[]): string {
  return textOf(child(element, ...names)).trim();
}

/**
 * An Atom text construct (title, summary, content) as HTML: type="html" is
 * escaped HTML, "xhtml" is markup inside a div, "text" is plain text. Atom
 * 0.3's mode="escaped" and MIME types ("text/html") mean the same.
 */
export function atomHtml(element: XmlElement): string {
  const type = (element.attributes.type ?? 'text').toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml' || element.attributes.mode === 'xml') {
    const div = element.children.find((node): node is XmlElement => typeof node !== 'string');
    const inner = div?.name === 'xhtml:div' ? div.children : element.children;
    return inner.map(serialize).join('').trim();
  }
  if (type === 'html' || type === 'text/html' || element.attributes.mode === 'escaped') return textOf(element).trim();
  return textToHtml(textOf(element).trim());
}

export function textToHtml(text: string): string {
  if (!text) return '';
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim())}</p>`)
    .join('\n');
}

const VOID = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'area',
  'base',
  'col',
  'embed',
  'source',
  'track',
  'wbr',
]);

function serialize(node: XmlElement | string): string {
  if (typeof node === 'string') return escapeHtml(node).replace(/&#39;/g, "'").replace(/&#34;/g, '"');
  const local = node.name.slice(node.name.indexOf(':') + 1);
  const attributes = Object.entries(node.attributes)
    .filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:'))
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  if (VOID.has(local) && node.children.length === 0) return `<${local}${attributes}>`;
  return `<${local}${attributes}>${node.children.map(serialize).join('')}</${local}>`;
}
