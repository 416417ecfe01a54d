/**
 * How an asset is addressed and written into an article: its public URLs
 * and the Markdown the editor inserts. The client's file name appears only
 * as escaped text (alt text, link text), never in a URL.
 */
import type { Prisma } from '#app/models/db.ts';
import { allowedTypes, imageVariants, type AssetKind, type ImageVariant } from '#config/uploads.ts';
import { variantName } from '#app/models/asset/storage.ts';

type Asset = Prisma.AssetModel;

/** `/uploads/2026/11/3f9c….png`, or a variant of it. */
export function assetUrl(asset: Pick<Asset, 'storedName'>, variant: ImageVariant | null = null): string {
  return `/uploads/${variantName(asset.storedName, variant)}`;
}

export function assetKind(asset: Pick<Asset, 'contentType'>): AssetKind {
  return Object.values(allowedTypes).find((t) => t.contentType === asset.contentType)?.kind ?? 'pdf';
}

/**
 * Images: the medium copy linked to the original (just the original when it
 * is no bigger than the medium size). Everything else: a link named after the file.
 */
export function assetMarkdown(
  asset: Pick<Asset, 'storedName' | 'contentType' | 'originalName' | 'width' | 'height'>,
): string {
  if (assetKind(asset) !== 'image') return `[${escapeMarkdown(asset.originalName)}](${assetUrl(asset)})`;
  const alt = escapeMarkdown(withoutExtension(asset.originalName));
  const small = (asset.width ?? Infinity) <= imageVariants.medium && (asset.height ?? Infinity) <= imageVariants.medium;
  return small ? `![${alt}](${assetUrl(asset)})` : `[![${alt}](${assetUrl(asset, 'medium')})](${assetUrl(asset)})`;
}

/** What the asset picker (JSON) and the library page need about one asset. */
export function describeAsset(asset: Asset) {
  const image = assetKind(asset) === 'image';
  return {
    id: asset.id,
    originalName: asset.originalName,
    contentType: asset.contentType,
    kind: assetKind(asset),
    byteSize: asset.byteSize,
    width: asset.width,
    height: asset.height,
    createdAt: asset.createdAt.toISOString(),
    url: assetUrl(asset),
    thumbUrl: image ? assetUrl(asset, 'thumb') : null,
    mediumUrl: image ? assetUrl(asset, 'medium') : null,
    markdown: assetMarkdown(asset),
  };
}
export type AssetDescription = ReturnType<typeof describeAsset>;

/** Backslash-escapes what Markdown would read as syntax inside link text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#!|~]/g, '\\$&');
}

function withoutExtension(name: string): string {
  const stem = name.replace(/\.[^.]{1,8}$/, '');
  return stem || name;
}
