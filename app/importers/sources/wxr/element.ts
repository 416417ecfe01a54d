/**
 * One child of a WXR <channel> (an item, an author, a category...) as a
 * small tree, built by the streaming reader when its closing tag is read.
 * Items are small; the file is not: only one of these lives at a time.
 */
import sax from 'sax';

export interface WxrElement {
  /** The qualified name as written ("wp:post_id", "content:encoded"). */
  name: string;
  attrs: Record<string, string>;
  /** Text and CDATA, concatenated (so a CDATA section split by "]]]]><![CDATA[>" reads whole). */
  text: string;
  children: WxrElement[];
  /** Where it started (1-based), for messages. */
  line: number;
}

/** The first child named `name`. */
export function child(element: WxrElement, name: string): WxrElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** The text of the first child named `name`, trimmed ('' when absent). */
export function childText(element: WxrElement, name: string): string {
  return child(element, name)?.text.trim() ?? '';
}

/** The text of the first child named `name`, untrimmed (bodies keep their newlines: wpautop reads them). */
export function childRaw(element: WxrElement, name: string): string {
  return child(element, name)?.text ?? '';
}

export function childrenNamed(element: WxrElement, name: string): WxrElement[] {
  return element.children.filter((c) => c.name === name);
}

/**
 * HTML entities left inside a plain-text field (titles, names: WordPress
 * stores "News &amp; Events" and "Caf&eacute;" in post_title and term
 * names). Uses sax's table of HTML entities.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return htmlEntities[entity] ?? whole;
  });
}

/** sax's table of HTML entities (its types omit it). */
export const htmlEntities: Readonly<Record<string, string | undefined>> = (
  sax as unknown as { ENTITIES: Record<string, string> }
).ENTITIES;

/** A WordPress slug as a person reads it: post_name and nicename are percent-encoded UTF-8 for non-ASCII. */
export function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug.trim());
  } catch {
    return slug.trim();
  }
}

/** WordPress's sanitize_title for the common case: lowercase, words joined by hyphens, UTF-8 kept. */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&[a-z0-9#]+;/g, '')
    .replace(/[^\p{L}\p{N}\s_-]+/gu, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-');
}

/** A value for an HTML attribute or text. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A post's wp:postmeta value by key. */
export function postmeta(item: WxrElement, key: string): string | undefined {
  for (const meta of item.children) {
    if (meta.name === 'wp:postmeta' && childText(meta, 'wp:meta_key') === key) return childRaw(meta, 'wp:meta_value');
  }
  return undefined;
}
