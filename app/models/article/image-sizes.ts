/**
 * Uploaded images in an article or page get their intrinsic width and height, read
 * from their Asset rows when it is saved (readers never pay for
 * it), so the page does not jump as they load.
 */
import type { Prisma } from '#app/models/db.ts';
import { parseUploadPath, type UploadPath } from '#app/models/upload/storage.ts';
import { imageVariants, type ImageVariant } from '#config/uploads.ts';
import { addImageSizes, imageSources, type ImageSize } from '#app/text-filters/image-sizes.ts';

export async function withUploadedImageSizes(tx: Prisma.TransactionClient, html: string): Promise<string> {
  const uploads = new Map<string, UploadPath>();
  for (const src of imageSources(html)) {
    const upload = uploadPathOf(src);
    if (upload) uploads.set(src, upload);
  }
  if (uploads.size === 0) return html;
  const storedNames = [...new Set([...uploads.values()].map((u) => u.storedName))];
  const assets = await tx.asset.findMany({
    where: { storedName: { in: storedNames } },
    select: { storedName: true, width: true, height: true },
  });
  const byName = new Map(assets.map((a) => [a.storedName, a]));
  return addImageSizes(html, (src) => {
    const upload = uploads.get(src);
    const asset = upload ? byName.get(upload.storedName) : undefined;
    return upload && asset?.width && asset.height
      ? shownSize({ width: asset.width, height: asset.height }, upload.variant)
      : undefined;
  });
}

/** `/uploads/2026/11/….png` (or a variant) on this site; anything else is not ours to measure. */
function uploadPathOf(src: string): UploadPath | null {
  if (!src.startsWith('/uploads/')) return null;
  return parseUploadPath(src.slice('/uploads/'.length).split(/[?#]/)[0]!);
}

/** A variant fits inside its square and is never enlarged, as images.ts resizes it (same rounding as sharp). */
function shownSize(original: ImageSize, variant: ImageVariant | null): ImageSize {
  if (!variant) return original;
  const scale = Math.min(1, imageVariants[variant] / Math.max(original.width, original.height));
  return {
    width: Math.max(1, Math.round(original.width * scale)),
    height: Math.max(1, Math.round(original.height * scale)),
  };
}
