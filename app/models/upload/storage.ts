/**
 * Where an upload's files live. Names are generated here, never taken from
 * the client: `YYYY/MM/<16 hex>.<detected ext>`, with resized copies beside
 * the original as `-thumb` and `-medium`. A requested path is parsed
 * against that exact pattern before anything touches the filesystem.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  allowedTypes,
  imageVariants,
  type AllowedExtension,
  type ImageVariant,
  type UploadDirs,
} from '#config/uploads.ts';

const extensions = Object.keys(allowedTypes).join('|');
const variants = Object.keys(imageVariants).join('|');
/** A stored name, optionally with a variant suffix; nothing else can match (no dots, slashes or `..` elsewhere). */
const uploadPathPattern = new RegExp(`^(\\d{4}/(?:0[1-9]|1[0-2])/[0-9a-f]{16})(?:-(${variants}))?\\.(${extensions})$`);

/** A fresh, unguessable name for a file of this (detected) type, filed under the upload's year and month (UTC). */
export function generateStoredName(ext: AllowedExtension, now = new Date(), random: Buffer = randomBytes(8)): string {
  const year = String(now.getUTCFullYear()).padStart(4, '0');
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${year}/${month}/${random.toString('hex')}.${ext}`;
}

export interface UploadPath {
  /** The Asset row's storedName. */
  storedName: string;
  variant: ImageVariant | null;
}

/** Reads a requested `/uploads/…` path; null for anything that is not a name we generate. */
export function parseUploadPath(requested: string): UploadPath | null {
  const match = uploadPathPattern.exec(requested);
  if (!match) return null;
  const [, stem, variant, ext] = match;
  return { storedName: `${stem}.${ext}`, variant: (variant as ImageVariant | undefined) ?? null };
}

/** `2026/11/abc.png` + `thumb` → `2026/11/abc-thumb.png`. */
export function variantName(storedName: string, variant: ImageVariant | null): string {
  if (!variant) return storedName;
  const ext = path.posix.extname(storedName);
  return `${storedName.slice(0, -ext.length)}-${variant}${ext}`;
}

/** Every file name an upload may have on disk: the original and, for images, its variants. */
export function allNames(storedName: string): string[] {
  return [storedName, ...Object.keys(imageVariants).map((variant) => variantName(storedName, variant as ImageVariant))];
}

export function storedPath(dirs: UploadDirs, name: string): string {
  return path.join(dirs.root, ...name.split('/'));
}

/** A fresh path in the temp dir (for resized copies before they are moved into place). */
export function tempPath(dirs: UploadDirs): string {
  return path.join(dirs.temp, randomBytes(16).toString('hex'));
}

/**
 * Moves finished files into place. The temp dir is on the same filesystem,
 * so each rename is atomic: a reader sees the whole file or none. If one move
 * fails, the ones already done are undone.
 */
export async function moveIntoPlace(dirs: UploadDirs, moves: { from: string; name: string }[]): Promise<void> {
  const done: string[] = [];
  try {
    for (const { from, name } of moves) {
      const to = storedPath(dirs, name);
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to);
      done.push(to);
    }
  } catch (error) {
    await removeFiles(done);
    throw error;
  }
}

/** The disk (or the account's quota) is full: the operator's problem, not the file's (507, see middleware/uploads.ts). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** Removes files, ignoring those already gone. */
export async function removeFiles(paths: Iterable<string>): Promise<void> {
  await Promise.all([...paths].map((file) => rm(file, { force: true })));
}
