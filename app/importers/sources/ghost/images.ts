/**
 * Ghost keeps uploads under /content/images/ (resized copies under
 * /content/images/size/w600/...), and its exports leave them out. Given
 * --uploads-dir (a copy of content/images), each image a body shows becomes
 * an attachment, so the writer uploads it and rewrites the body.
 */
import type { ImportedAttachment } from '#app/importers/records.ts';

const IMAGE_URL = /(?:https?:\/\/[^"'\s)]+)?\/content\/images\/[^"'\s)?#]+/g;

export function imageAttachments(uploadsDir: string | undefined) {
  const done = new Set<string>();
  const state = { enabled: Boolean(uploadsDir), seen: false };
  return {
    get enabled() {
      return state.enabled;
    },
    get seen() {
      return state.seen;
    },
    *inBody(html: string): Generator<ImportedAttachment> {
      for (const [url] of html.matchAll(IMAGE_URL)) {
        state.seen = true;
        if (!state.enabled || done.has(url)) continue;
        done.add(url);
        const relativePath = decodeURIComponent(
          url.replace(/^.*?\/content\/images\//, '').replace(/^size\/w\d+\//, ''),
        );
        // Keyed by address: a resized copy is its own attachment of the same file.
        yield { kind: 'attachment', key: `image:${url.replace(/^https?:\/\/[^/]+/, '')}`, url, relativePath };
      }
    },
  };
}
