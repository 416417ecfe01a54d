/**
 * Every string that goes into a feed passes through one of these, chosen by
 * the slot it lands in. The `feed` package (through xml-js) escapes element
 * text and URLs, but not everything else: it writes characters XML 1.0
 * forbids, splits only the first "]]>" of a CDATA section, leaves "<" raw in
 * attribute values, un-escapes a literal "&amp;" in text, and marks Atom
 * titles and summaries type="html". These helpers close those gaps.
 */

/** Plain text for an element that xml-js escapes itself (feed title, author name, category). */
export function elementText(text: string): string {
  // xml-js turns "&amp;" into "&" before escaping, to avoid double escaping;
  // doubling it here first makes the round trip exact.
  return stripForbidden(text).replace(/&amp;/g, '&amp;amp;');
}

/** A URL the library parses and escapes itself (ids, links). */
export function urlText(url: string): string {
  return stripForbidden(url);
}

/** An absolute URL written into an attribute by hand, outside the library's URL handling. */
export function attributeUrl(url: string): string {
  // The URL parser percent-encodes "<" and '"', leaving "&" for us.
  return new URL(stripForbidden(url)).href.replace(/&/g, '&amp;');
}

/** Text for an attribute the library fills (Atom category term and label): "<" would be written raw, so it goes. */
export function attributeText(text: string): string {
  return stripForbidden(text).replace(/</g, '');
}

/** Plain text for an HTML-typed CDATA slot (Atom title and summary, RSS description). */
export function htmlCdataFromText(text: string): string {
  return htmlCdata(escapeHtml(text));
}

/** HTML for a CDATA slot: ">" after "]]" becomes an entity, which means the same in HTML. */
export function htmlCdata(html: string): string {
  return stripForbidden(html).replace(/]]>/g, ']]&gt;');
}

/**
 * Plain text for a CDATA slot read as plain text (the RSS item title). A
 * literal "]]>" cannot be written there without ending the section, so it
 * gets a space; no real title contains it.
 */
export function plainCdata(text: string): string {
  return stripForbidden(text).replace(/]]>/g, ']] >');
}

/** Text written into an element by hand, without the `feed` library (the sitemap): markup characters become references. */
export function escapedText(text: string): string {
  return stripForbidden(text).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Everything outside XML 1.0's Char production: C0 controls other than tab,
// newline and carriage return, lone surrogates, U+FFFE and U+FFFF.
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function stripForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
