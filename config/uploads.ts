/**
 * Uploads: where files live, what is accepted, and the limits. The size
 * limit comes from the environment (FOLIO_UPLOAD_MAX_MB, validated in
 * config/environment.ts); everything else is a fixed, typed constant.
 */
import path from 'node:path';
import type { Config } from '#config/environment.ts';

/** The accepted types, keyed by the extension `file-type` detects; the extension is also the one stored. */
export const allowedTypes = {
  jpg: { contentType: 'image/jpeg', kind: 'image', label: 'JPEG' },
  png: { contentType: 'image/png', kind: 'image', label: 'PNG' },
  gif: { contentType: 'image/gif', kind: 'image', label: 'GIF' },
  webp: { contentType: 'image/webp', kind: 'image', label: 'WebP' },
  pdf: { contentType: 'application/pdf', kind: 'pdf', label: 'PDF' },
  mp3: { contentType: 'audio/mpeg', kind: 'audio', label: 'MP3' },
  mp4: { contentType: 'video/mp4', kind: 'video', label: 'MP4' },
} as const;
export type AllowedExtension = keyof typeof allowedTypes;
export type AssetKind = (typeof allowedTypes)[AllowedExtension]['kind'];

/** Per-request limits, handed to multer (busboy). The file size limit is `config.uploadMaxBytes`. */
export const uploadLimits = Object.freeze({
  /** Files in one request. */
  files: 10,
  /** Non-file fields (the form sends one: the CSRF token, before the files). */
  fields: 10,
  /** Bytes in one non-file field. */
  fieldSize: 4 * 1024,
  /** Bytes in a field's name. */
  fieldNameSize: 100,
  /** Files and fields together. */
  parts: 20,
  /** Header pairs in one part. */
  headerPairs: 20,
});

/** The multipart field that carries the files. */
export const uploadField = 'files';

/** Decoding more pixels than this is refused: it defeats "pixel bombs" (tiny files, huge images). */
export const maxImagePixels = 40_000_000;

/** Resized copies stored beside each image, as `<name>-<variant>.<ext>`; each fits in a square of this many pixels. */
export const imageVariants = Object.freeze({ thumb: 200, medium: 800 });
export type ImageVariant = keyof typeof imageVariants;

/** Served uploads never change (names are unique), so caches may keep them for a year. */
export const uploadCacheSeconds = 365 * 86_400;

export interface UploadDirs {
  /** Stored files: `<root>/<storedName>`. */
  readonly root: string;
  /** Incoming files while they are checked; same filesystem as root, so the final move is an atomic rename. */
  readonly temp: string;
}

/**
 * Both live outside the code tree, so deploys keep them: under the data dir,
 * or in FOLIO_UPLOADS_DIR (a directory several hosts share), with the temp
 * dir inside it, on the same filesystem.
 */
export function uploadDirs(config: Pick<Config, 'dataDir' | 'uploadsDir'>): UploadDirs {
  const sharedRoot = config.uploadsDir !== path.join(config.dataDir, 'uploads');
  return Object.freeze({
    root: config.uploadsDir,
    temp: sharedRoot ? path.join(config.uploadsDir, '.incoming') : path.join(config.dataDir, 'tmp', 'uploads'),
  });
}
