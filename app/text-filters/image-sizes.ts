import sanitizeHtml from 'sanitize-html';
import { decodeSanitizerEntities } from '#app/text-filters/sanitizer-entities.ts';

export interface ImageSize {
  width: number;
  height: number;
}

/** The `src` of every <img> in the HTML, as written. */
export function imageSources(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/gi)].map((m) => decodeSanitizerEntities(m[1]!));
}

/**
 * Gives each <img> whose size `sizeOf` knows its intrinsic width and height,
 * so the browser reserves the space before the image loads and the page does
 * not jump. An author's own width or height is kept as written.
 */
export function addImageSizes(html: string, sizeOf: (src: string) => ImageSize | undefined): string {
  if (!/<img\b/i.test(html)) return html;
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: {
      img: (tagName, attribs) => {
        const size = attribs.width || attribs.height ? undefined : sizeOf(attribs.src ?? '');
        return {
          tagName,
          attribs: size ? { ...attribs, width: String(size.width), height: String(size.height) } : attribs,
        };
      },
    },
  });
}
