/**
 * Images get a thumbnail and a medium-sized copy (sharp). Dimensions are
 * read from the header first and anything over `maxImagePixels` is refused
 * before decoding; sharp's own `limitInputPixels` backs that up.
 */
import type sharpModule from 'sharp';
import type { Metadata, Sharp } from 'sharp';
import { lazy } from '#app/lazy.ts';
import { imageVariants, maxImagePixels, type AllowedExtension, type ImageVariant, type UploadDirs } from '#config/uploads.ts';
import { UnacceptableFile } from '#app/models/asset/content-check.ts';
import { removeFiles, tempPath } from '#app/models/asset/storage.ts';

const loadSharp = lazy<typeof sharpModule>('sharp');

export interface PreparedImage {
  width: number;
  height: number;
  /** Resized copies written to the temp dir, to be moved beside the original. */
  variants: { variant: ImageVariant; path: string }[];
}

/** Checks the image's size and writes its variants to the temp dir; UnacceptableFile if it cannot be used. */
export async function prepareImage(file: string, ext: AllowedExtension, dirs: UploadDirs): Promise<PreparedImage> {
  const { width, height } = await dimensions(file);
  const variants: PreparedImage['variants'] = [];
  try {
    for (const [variant, size] of Object.entries(imageVariants) as [ImageVariant, number][]) {
      const path = tempPath(dirs);
      variants.push({ variant, path });
      await resized(file, ext, size).toFile(path);
    }
  } catch (error) {
    await removeFiles(variants.map((v) => v.path));
    throw error instanceof UnacceptableFile ? error : new UnacceptableFile('the image could not be read (it may be damaged).');
  }
  return { width, height, variants };
}

async function dimensions(file: string): Promise<{ width: number; height: number }> {
  let metadata: Metadata;
  try {
    // Only the header is read here, so no limit: the check below gives the clear message.
    metadata = await loadSharp()(file, { limitInputPixels: false }).metadata();
  } catch {
    throw new UnacceptableFile('the image could not be read (it may be damaged).');
  }
  // As displayed, after the EXIF orientation is applied.
  const { width, height } = metadata.autoOrient;
  if (!width || !height) throw new UnacceptableFile('the image has no dimensions.');
  if (width * height > maxImagePixels) {
    throw new UnacceptableFile(`the image is ${width.toLocaleString('en')}×${height.toLocaleString('en')} pixels; the limit is ${maxImagePixels / 1_000_000} megapixels.`);
  }
  return { width, height };
}

/** Fits the image in a `size` square (never enlarging), upright, without metadata, in its own format. */
function resized(file: string, ext: AllowedExtension, size: number): Sharp {
  const image = loadSharp()(file, { limitInputPixels: maxImagePixels }).autoOrient().resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true });
  switch (ext) {
    case 'jpg': return image.jpeg({ quality: 82, mozjpeg: true });
    case 'png': return image.png({ compressionLevel: 9 });
    case 'gif': return image.gif();
    case 'webp': return image.webp({ quality: 80 });
    default: throw new UnacceptableFile('it is not an image.');
  }
}
