/**
 * An uploaded image as a theme shows it: its URL, intrinsic size (so the page
 * does not jump as it loads) and a srcset of the sizes stored beside it
 * (app/models/upload/images.ts makes them on upload), so a listing's small
 * cover fetches the thumbnail or the medium copy, not the original.
 */
import { uploadUrl } from '#app/models/upload/links.ts';
import type { ReadableCover } from '#app/database/index.ts';
import { imageVariants, type ImageVariant } from '#config/uploads.ts';

export interface ImageView {
  /** Root-relative, like /uploads/2026/11/3f9c….jpg (link previews make it absolute). */
  url: string;
  width: number | null;
  height: number | null;
  /** `url width` candidates, smallest first; '' when the size is unknown. */
  srcset: string;
  alt: string;
}

export function presentImage(image: ReadableCover, alt: string): ImageView {
  const { width, height } = image;
  const candidates: string[] = [];
  if (width && height) {
    const longest = Math.max(width, height);
    for (const [variant, size] of Object.entries(imageVariants) as [ImageVariant, number][])
      // Variants fit inside their square and are never enlarged (same rounding as sharp).
      if (size < longest) candidates.push(`${uploadUrl(image, variant)} ${Math.max(1, Math.round((width * size) / longest))}w`);
    candidates.push(`${uploadUrl(image)} ${width}w`);
  }
  return { url: uploadUrl(image), width, height, srcset: candidates.join(', '), alt };
}
