/**
 * What a file really is, judged by its content (magic bytes, via the
 * `file-type` package), never by the client's name or Content-Type. Only
 * the allowlist in config/uploads.ts passes; SVG and HTML, which can carry
 * script, are never detected as an allowed type and so are refused.
 */
import type * as fileType from 'file-type';
import { allowedTypes, type AllowedExtension, type AssetKind } from '#config/uploads.ts';
import { lazy } from '#app/lazy.ts';

const loadFileType = lazy<typeof fileType>('file-type');

export interface AcceptedType {
  ext: AllowedExtension;
  contentType: string;
  kind: AssetKind;
}

/** What `file-type` reports, if anything. */
export interface DetectedType {
  ext: string;
  mime: string;
}

/** The accepted type for a detection result, or null when it is not on the allowlist. */
export function acceptedType(detected: DetectedType | undefined): AcceptedType | null {
  if (!detected || !Object.hasOwn(allowedTypes, detected.ext)) return null;
  const ext = detected.ext as AllowedExtension;
  const { contentType, kind } = allowedTypes[ext];
  // file-type reports some relatives under an allowed extension; the MIME type must agree too.
  return detected.mime === contentType ? { ext, contentType, kind } : null;
}

/** Refuses one file, with a reason that completes "“name” was refused: …". */
export class UnacceptableFile extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnacceptableFile';
  }
}

/** Reads the file's first bytes; its accepted type, or UnacceptableFile. */
export async function checkContent(filePath: string): Promise<AcceptedType> {
  const detected = await loadFileType().fileTypeFromFile(filePath);
  const type = acceptedType(detected);
  if (type) return type;
  const what = detected
    ? `a ${detected.ext.toUpperCase()} file (${detected.mime})`
    : 'of a type we could not recognise (SVG and HTML are never accepted)';
  throw new UnacceptableFile(`it is ${what}; accepted types are ${acceptedLabels()}.`);
}

/** "JPEG, PNG, GIF, WebP, PDF, MP3 and MP4", for messages and the upload form. */
export function acceptedLabels(): string {
  const labels = Object.values(allowedTypes).map((t) => t.label);
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}
