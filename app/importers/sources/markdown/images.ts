/**
 * Images a Markdown file shows, found on disk: relative to the file (Hugo
 * page bundles, Jekyll posts beside their pictures) or from the site's root,
 * /static (Hugo) or /assets and /images (Jekyll). Each becomes an attachment
 * with its absolute path, and the body links it by the address the old site
 * served it at, so the writer uploads it and rewrites the link.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ImportedAttachment } from '#app/importers/records.ts';
import type { MarkdownSite } from './site.ts';

export interface FoundImages {
  source: string;
  attachments: ImportedAttachment[];
  missing: string[];
}

const MARKDOWN_IMAGE = /(!\[[^\]]*\]\()(<?)([^)\s>]+)(>?(?:\s+"[^"]*")?\))/g;
const HTML_IMAGE = /(<img\b[^>]*?\bsrc=["'])([^"']+)(["'])/gi;

export function findImages(source: string, file: string, pageUrl: string, site: MarkdownSite): FoundImages {
  const attachments = new Map<string, ImportedAttachment>();
  const missing = new Set<string>();
  const relink = (path: string): string => {
    if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(path)) return path;
    const found = locate(path, file, site);
    if (!found) {
      missing.add(path);
      return path;
    }
    const url = path.startsWith('/')
      ? path
      : new URL(path, `http://site.invalid${pageUrl.endsWith('/') ? pageUrl : `${pageUrl}/../`}`).pathname;
    const key = `file:${relative(site.root, found).split(sep).join('/')}`;
    attachments.set(key, { kind: 'attachment', key, url, relativePath: found });
    return url;
  };
  const rewritten = source
    .replace(
      MARKDOWN_IMAGE,
      (_whole, open: string, lt: string, path: string, close: string) => `${open}${lt}${relink(path)}${close}`,
    )
    .replace(HTML_IMAGE, (_whole, open: string, path: string, close: string) => `${open}${relink(path)}${close}`);
  return { source: rewritten, attachments: [...attachments.values()], missing: [...missing] };
}

function locate(path: string, file: string, site: MarkdownSite): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.split(/[?#]/)[0]!);
  } catch {
    return undefined;
  }
  const candidates = decoded.startsWith('/')
    ? [site.root, join(site.root, 'static'), join(site.root, 'assets')].map((base) =>
        join(base, decoded.slice(site.basePath && decoded.startsWith(site.basePath) ? site.basePath.length : 0)),
      )
    : [resolve(dirname(file), decoded)];
  // Never outside the folder being imported.
  return candidates.find(
    (candidate) => candidate.startsWith(site.root + sep) && existsSync(candidate) && statSync(candidate).isFile(),
  );
}
