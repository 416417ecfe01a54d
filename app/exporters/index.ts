/**
 * Exporting the blog: `npm run export` and the admin's "Download
 * everything" both call writeExport, so both paths write the same file.
 *   folio     one .tar.gz with every record, the uploads and the theme (folio/format.ts); its importer reads it back
 *   wxr       a WordPress eXtended RSS 1.2 file WordPress's importer accepts
 *   markdown  a .tar.gz of Markdown files with front matter, and the uploads
 */
import type { Writable } from 'node:stream';
import type { ExportContext } from '#app/exporters/context.ts';

export const exportFormats = ['folio', 'wxr', 'markdown'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value);
}

const writers: Record<ExportFormat, () => Promise<(out: Writable, context: ExportContext) => Promise<unknown>>> = {
  folio: async () => (await import('#app/exporters/folio/index.ts')).writeFolioArchive,
  wxr: async () => (await import('#app/exporters/wxr/index.ts')).writeWxr,
  markdown: async () => (await import('#app/exporters/markdown/index.ts')).writeMarkdownArchive,
};

/** Writes the export to `out` and leaves it open (the caller ends it: a file, stdout, an HTTP response). */
export async function writeExport(format: ExportFormat, out: Writable, context: ExportContext): Promise<void> {
  await (
    await writers[format]()
  )(out, context);
}

export const exportContentTypes: Record<ExportFormat, string> = {
  folio: 'application/gzip',
  wxr: 'application/rss+xml; charset=utf-8',
  markdown: 'application/gzip',
};

/** "folio-blog-2026-05-17.tar.gz": the blog's host, the day, the format's extension. */
export function exportFileName(format: ExportFormat, context: Pick<ExportContext, 'baseUrl' | 'now'>): string {
  const host = hostOf(context.baseUrl);
  const day = context.now.toISOString().slice(0, 10);
  const name = { folio: `${host}-folio`, wxr: `${host}-wordpress`, markdown: `${host}-markdown` }[format];
  return `${name}-${day}.${format === 'wxr' ? 'xml' : 'tar.gz'}`;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname.replace(/[^a-z0-9.-]/gi, '-') || 'blog';
  } catch {
    return 'blog';
  }
}
