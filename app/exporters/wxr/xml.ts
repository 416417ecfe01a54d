/**
 * Text into XML, as WordPress's export.php writes it: element text escaped,
 * rich text in CDATA sections (wxr_cdata), and, unlike export.php, the
 * characters XML 1.0 forbids removed first, so the file always parses.
 */

// XML 1.0 Char: tab, newline, carriage return, U+0020..U+D7FF, U+E000..U+FFFD, and astral pairs.
const forbidden = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(text: string): string {
  return withoutForbidden(text).replace(/[&<>"']/g, (c) => entities[c]!);
}

/** `<![CDATA[…]]>`, a "]]>" inside split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${withoutForbidden(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function withoutForbidden(text: string): string {
  return text.replace(forbidden, '');
}

/** `<name>escaped text</name>`. */
export function element(name: string, text: string | number): string {
  return `<${name}>${typeof text === 'number' ? text : xmlText(text)}</${name}>`;
}

/** `<name><![CDATA[text]]></name>`. */
export function cdataElement(name: string, text: string): string {
  return `<${name}>${cdata(text)}</${name}>`;
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
