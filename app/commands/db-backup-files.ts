/**
 * Directory trees for db:backup and db:restore: the uploads copied file for
 * file, as hard links where source and copy share a filesystem (uploads
 * never change once written: names are unique, so a link is a true copy and
 * costs no space), else as copies.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface TreeSize {
  files: number;
  bytes: number;
}

/** Copies the tree `from` to `to` (created), linking files where it can. */
export function copyTree(from: string, to: string): TreeSize {
  const size = { files: 0, bytes: 0 };
  mkdirSync(to, { recursive: true });
  if (!existsSync(from)) return size;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      const inner = copyTree(source, target);
      size.files += inner.files;
      size.bytes += inner.bytes;
    } else if (entry.isFile()) {
      linkOrCopy(source, target);
      size.files += 1;
      size.bytes += statSync(source).size;
    }
  }
  return size;
}

/** Removes what is inside `dir`, not `dir` itself (the web server and the workers keep using it). */
export function emptyDir(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) rmSync(path.join(dir, name), { recursive: true, force: true });
}

function linkOrCopy(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    copyFileSync(source, target);
  }
}
