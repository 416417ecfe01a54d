/**
 * How an upload is addressed and written into an article: its public URLs
 * and the Markdown the editor inserts. The client's file name appears only
 * as escaped text (alt text, link text), never in a URL.
 */
import type { Prisma } from '#app/models/db.ts';
import { allowedTypes, imageVariants, type AssetKind, type ImageVariant } from '#config/uploads.ts';
import { variantName } from '#app/models/upload/storage.ts';

type Upload = Prisma.AssetModel;

/** `/uploads/2026/11/3f9c….png`, or a variant of it. */
export function uploadUrl(upload: Pick<Upload, 'storedName'>, variant: ImageVariant | null = null): string {
  return `/uploads/${variantName(upload.storedName, variant)}`;
}

export function uploadKind(upload: Pick<Upload, 'contentType'>): AssetKind {
  return Object.values(allowedTypes).find((t) => t.contentType === upload.contentType)?.kind ?? 'pdf';
}

/**
 * Images: the medium copy linked to the original (just the original when it
 * is no bigger than the medium size). Everything else: a link named after the file.
 */
export function uploadMarkdown(
  upload: Pick<Upload, 'storedName' | 'contentType' | 'originalName' | 'width' | 'height'>,
): string {
  if (uploadKind(upload) !== 'image') return `[${escapeMarkdown(upload.originalName)}](${uploadUrl(upload)})`;
  const alt = escapeMarkdown(withoutExtension(upload.originalName));
  const small =
    (upload.width ?? Infinity) <= imageVariants.medium && (upload.height ?? Infinity) <= imageVariants.medium;
  return small
    ? `![${alt}](${uploadUrl(upload)})`
    : `[![${alt}](${uploadUrl(upload, 'medium')})](${uploadUrl(upload)})`;
}

/** What the upload picker (JSON) and the library page need about one upload. */
export function describeUpload(upload: Upload) {
  const image = uploadKind(upload) === 'image';
  return {
    id: upload.id,
    originalName: upload.originalName,
    contentType: upload.contentType,
    kind: uploadKind(upload),
    byteSize: upload.byteSize,
    width: upload.width,
    height: upload.height,
    createdAt: upload.createdAt.toISOString(),
    url: uploadUrl(upload),
    thumbUrl: image ? uploadUrl(upload, 'thumb') : null,
    mediumUrl: image ? uploadUrl(upload, 'medium') : null,
    markdown: uploadMarkdown(upload),
  };
}
export type UploadDescription = ReturnType<typeof describeUpload>;

/** Backslash-escapes what Markdown would read as syntax inside link text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#!|~]/g, '\\$&');
}

function withoutExtension(name: string): string {
  const stem = name.replace(/\.[^.]{1,8}$/, '');
  return stem || name;
}
