import sanitizeHtml from 'sanitize-html';
import { decodeSanitizerEntities } from '#app/text-filters/sanitizer-entities.ts';

/**
 * Plain text of rendered HTML for excerpts, feed summaries and meta
 * descriptions: tags stripped (script and style bodies dropped), entities
 * decoded, whitespace collapsed. With `maxLength`, the text is cut at a word
 * boundary and ends with an ellipsis, the whole staying within `maxLength`.
 */
export function plainText(html: string, maxLength?: number): string {
  const text = decodeSanitizerEntities(sanitizeHtml(spaceOutBlocks(html), stripEverything))
    .replace(/\s+/g, ' ')
    .trim();
  return maxLength === undefined ? text : truncate(text, maxLength);
}

const stripEverything: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

// Without a space, "<p>One</p><p>Two</p>" would read "OneTwo".
const BLOCK_TAG =
  /<\/?(?:p|div|br|hr|li|dt|dd|h[1-6]|blockquote|pre|ul|ol|dl|table|caption|tr|th|td|figure|figcaption|details|summary|section|article|header|footer|aside|nav)\b/gi;

function spaceOutBlocks(html: string): string {
  return html.replace(BLOCK_TAG, ' $&');
}

const ELLIPSIS = '…';

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, maxLength));
  const room = text.slice(0, maxLength - ELLIPSIS.length + 1);
  const lastSpace = room.lastIndexOf(' ');
  // One word longer than the room: cut inside it rather than return nothing.
  const cut = lastSpace > 0 ? room.slice(0, lastSpace) : room.slice(0, -1);
  return cut.replace(/[\uD800-\uDBFF]$/, '').replace(/[\s.,;:!?…–—-]+$/u, '') + ELLIPSIS;
}
