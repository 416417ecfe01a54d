/**
 * Bodies link to attachments at their old URLs ("https://old.example/
 * wp-content/uploads/2009/05/cat.jpg", or WordPress's resized
 * "cat-300x200.jpg"): the index maps each old path to its new upload, and
 * `rewriteLinks` swaps them in one pass over a body, whatever the order in
 * which the export listed posts and attachments.
 */
import { variantName } from '#app/models/upload/storage.ts';

export interface AttachmentIndex {
  /** Old path (resize suffix removed) → the upload's stored name and the old site's host. */
  byPath: Map<string, { storedName: string; host: string; image: boolean }>;
}

export function emptyAttachmentIndex(): AttachmentIndex {
  return { byPath: new Map() };
}

export function addAttachment(index: AttachmentIndex, oldUrl: string, storedName: string): void {
  const parsed = parseLink(oldUrl);
  if (!parsed) return;
  index.byPath.set(withoutResize(parsed.path), {
    storedName,
    host: parsed.host,
    image: /\.(jpe?g|png|gif|webp)$/i.test(storedName),
  });
}

// An address with an optional scheme and host, ending in a file name with an extension.
const linkPattern =
  /((?:https?:)?\/\/[a-z0-9.-]+(?::\d+)?)?(\/[^\s"'<>()[\]?#]*\.[a-z0-9]{2,5})(?=[\s"'<>()[\]?#]|$)/gi;

/** The text with every link to an imported attachment pointing at its upload (the medium copy for a resized one). */
export function rewriteLinks(text: string, index: AttachmentIndex): string {
  if (index.byPath.size === 0) return text;
  return text.replace(linkPattern, (whole: string, origin: string | undefined, path: string) => {
    const found = index.byPath.get(withoutResize(path));
    if (!found) return whole;
    if (origin && found.host && hostOf(origin) !== found.host) return whole;
    const resized = found.image && withoutResize(path) !== path;
    return `/uploads/${resized ? variantName(found.storedName, 'medium') : found.storedName}`;
  });
}

function parseLink(url: string): { host: string; path: string } | null {
  try {
    const parsed = new URL(url, 'http://no-host.invalid');
    const host = parsed.hostname === 'no-host.invalid' ? '' : parsed.hostname.replace(/^www\./, '');
    return { host, path: decodeURI(parsed.pathname) };
  } catch {
    return null;
  }
}

function hostOf(origin: string): string {
  return origin
    .replace(/^(https?:)?\/\//i, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./i, '')
    .toLowerCase();
}

/** WordPress's resized copies: "cat-300x200.jpg" is "cat.jpg". */
function withoutResize(path: string): string {
  return path.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1');
}
