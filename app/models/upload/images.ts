/**
 * Images are never stored as sent. The original is decoded and re-encoded
 * in its own format (sharp), upright and without metadata, so whatever rode
 * along in the file (EXIF and GPS, comment segments with `<?php`, HTML or a
 * ZIP appended after the image data) is gone before it is stored and served
 * from the blog's origin. A thumbnail and a medium-sized copy are made the
 * same way. Dimensions are read from the header first and anything over
 * `maxImagePixels` (all frames together) is refused before decoding;
 * sharp's own `limitInputPixels` backs that up.
 */
import { stat, writeFile } from 'node:fs/promises';
import type sharpModule from 'sharp';
import type { Metadata, Sharp } from 'sharp';
import { lazy } from '#app/lazy.ts';
import {
  imageVariants,
  maxImagePixels,
  type AllowedExtension,
  type ImageVariant,
  type UploadDirs,
} from '#config/uploads.ts';
import { UnacceptableFile } from '#app/models/upload/content-check.ts';
import { isDiskFull, removeFiles, tempPath } from '#app/models/upload/storage.ts';

const loadSharp = lazy<typeof sharpModule>('sharp');

export interface PreparedImage {
  width: number;
  height: number;
  /** The re-encoded original in the temp dir: this, not the upload, is what is stored. */
  original: { path: string; size: number };
  /** Resized copies written to the temp dir, to be moved beside the original. */
  variants: { variant: ImageVariant; path: string }[];
}

/**
 * Checks the image's size, then writes its re-encoded original and its
 * variants to the temp dir. UnacceptableFile if it cannot be used; a full
 * disk is passed on as it is (see isDiskFull), with nothing left behind.
 */
export async function prepareImage(file: string, ext: AllowedExtension, dirs: UploadDirs): Promise<PreparedImage> {
  const { width, height, animated } = await dimensions(file);
  const written: string[] = [];
  const write = async (image: Sharp) => {
    const path = tempPath(dirs);
    written.push(path);
    // Encoded in memory, then written by us: a full disk is then a plain ENOSPC, not a libvips message.
    await writeFile(path, await image.toBuffer());
    return path;
  };
  try {
    const original = await write(encoded(decode(file, animated), ext, 'original'));
    const variants: PreparedImage['variants'] = [];
    for (const [variant, size] of Object.entries(imageVariants) as [ImageVariant, number][]) {
      const resized = decode(file, false).resize({
        width: size,
        height: size,
        fit: 'inside',
        withoutEnlargement: true,
      });
      variants.push({ variant, path: await write(encoded(resized, ext, 'variant')) });
    }
    return { width, height, original: { path: original, size: (await stat(original)).size }, variants };
  } catch (error) {
    await removeFiles(written);
    if (error instanceof UnacceptableFile || isDiskFull(error)) throw error;
    throw new UnacceptableFile('the image could not be read (it may be damaged).');
  }
}

/** Size as displayed (after the EXIF orientation); an animation is checked over all its frames. */
async function dimensions(file: string): Promise<{ width: number; height: number; animated: boolean }> {
  let metadata: Metadata;
  try {
    // Only the header is read here, so no limit: the check below gives the clear message.
    metadata = await loadSharp()(file, { limitInputPixels: false }).metadata();
  } catch {
    throw new UnacceptableFile('the image could not be read (it may be damaged).');
  }
  const frames = metadata.pages ?? 1;
  const { width, height } = metadata.autoOrient;
  if (!width || !height) throw new UnacceptableFile('the image has no dimensions.');
  const size = `${width.toLocaleString('en')}×${height.toLocaleString('en')} pixels`;
  const limit = `the limit is ${maxImagePixels / 1_000_000} megapixels`;
  if (width * height > maxImagePixels) throw new UnacceptableFile(`the image is ${size}; ${limit}.`);
  if (width * height * frames > maxImagePixels)
    throw new UnacceptableFile(
      `the animation is ${frames.toLocaleString('en')} frames of ${size}; ${limit} for all frames together.`,
    );
  return { width, height, animated: frames > 1 };
}

/** The decoded image, upright. An animation keeps every frame (browsers ignore EXIF orientation there, and sharp cannot rotate frames). */
function decode(file: string, animated: boolean): Sharp {
  const image = loadSharp()(file, { limitInputPixels: maxImagePixels, animated });
  return animated ? image : image.autoOrient();
}

/** Re-encodes in the image's own format. sharp writes no metadata unless asked, so none is kept. */
function encoded(image: Sharp, ext: AllowedExtension, use: 'original' | 'variant'): Sharp {
  const original = use === 'original';
  switch (ext) {
    case 'jpg':
      return image.jpeg(original ? { quality: 90 } : { quality: 82, mozjpeg: true });
    case 'png':
      return image.png(original ? {} : { compressionLevel: 9 });
    case 'gif':
      return image.gif();
    case 'webp':
      return image.webp({ quality: original ? 90 : 80 });
    default:
      throw new UnacceptableFile('it is not an image.');
  }
}
